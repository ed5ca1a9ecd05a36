from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "hubspoke.network"
    label = "network"
    verbose_name = "Network"

    def ready(self):
        from hubspoke.audit import registry
        from hubspoke.network import access, scoping

        registry.set_actor_describer(scoping.describe_actor)
        registry.register_subject(
            "network.service", label="service", get_for_manager=access.get_service_for_manager
        )
        registry.register_subject(
            "network.spoke", label="spoke", get_for_manager=access.get_spoke_for_manager
        )
