from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Vendor records and sharing"

    def ready(self) -> None:
        # A change to people or companies in accounts refreshes who sees which record.
        from accounts.signals import people_changed
        from portal.services.access import access_refresh_on_people_changed

        people_changed.connect(access_refresh_on_people_changed, dispatch_uid="portal-access")
