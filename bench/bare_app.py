"""The framework's own ceiling: a bare Flask route, served by the same gunicorn as the marketplace."""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "ok"
