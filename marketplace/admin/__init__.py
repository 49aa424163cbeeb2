"""admin domain: the ODOP cell and the District Industries Centres — seller verification,
reference data, subsidy claims, monthly monitoring, the producers' helpdesk and the audit log.
See docs/admin.md."""
from __future__ import annotations


def init_app(app) -> None:
    """Register the admin and helpdesk blueprints and the demo loader.

    Nothing until the catalog models exist (milestone-catalog-models): every admin page reads
    districts and sellers.
    """
