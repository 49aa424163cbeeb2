"""Stand-ins for outside services that speak their real protocol over loopback HTTP (a test
talks to them exactly as production talks to the real thing; nothing of ours is mocked)."""
