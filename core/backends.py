"""Django's permission backend, remembering what it refused so the 403 page can name the roles that may."""

from django.contrib.auth.backends import ModelBackend


class RoleModelBackend(ModelBackend):
    def has_perm(self, user_obj, perm, obj=None):
        allowed = super().has_perm(user_obj, perm, obj=obj)
        if not allowed and obj is None:
            # On the user instance of this request only; read by core.errors.permission_denied.
            refused = user_obj.__dict__.setdefault("_sofint_refused_permissions", [])
            if perm not in refused:
                refused.append(perm)
        return allowed
