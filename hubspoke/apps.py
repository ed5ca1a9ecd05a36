from django.contrib.admin.apps import AdminConfig


class HubspokeAdminConfig(AdminConfig):
    """The administration site, replaced by Hubspoke's (see admin_site.py)."""

    default_site = "hubspoke.admin_site.HubspokeAdminSite"
