from wagtail.permission_policies import ModelPermissionPolicy

from config_models import scope


class RegionScopedPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's permission policy for configuration snippets, answered by config_models.scope."""

    def user_has_permission(self, user, action):
        return scope.user_may(user, action, self.model)

    def user_has_permission_for_instance(self, user, action, instance):
        return scope.user_may_act_on(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(scope.user_may_act_on(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        return scope.scoped(user, actions, self.model._default_manager.all())
