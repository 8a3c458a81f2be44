"""The four roles and what each may do, as Django groups with model permissions.

Permissions are granted per app, so a model added to an app later is covered by the
next sync (each app's migration that adds models calls `sync_role_groups`).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

DIRECTOR = "Förbundschef"
FINANCE = "Ekonom"
BOARD = "Styrelse"
AUDITOR = "Revisor"

ALL = ("view", "add", "change", "delete")
VIEW = ("view",)

ROLES = (DIRECTOR, FINANCE, BOARD, AUDITOR)
# The roles whose work is partly in the admin (Django's is_staff is not needed for them);
# the board reads the app's own pages.
ADMIN_ROLES = (DIRECTOR, FINANCE, AUDITOR)

DOMAIN_APPS = ("governance", "meetings", "projects", "budget", "plans", "goals")

# Grants by app label ("budget": every model of the app) or by model ("auth.user": that model only).
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    # Keeps governance, projects and plans; may correct the budget with the ekonom.
    DIRECTOR: {
        "core": VIEW,
        "governance": ALL,
        "meetings": ALL,
        "projects": ALL,
        "plans": ALL,
        "budget": ALL,
        "goals": ALL,
        # Publishes adopted documents on the open web and withdraws them (publishing).
        "publishing": ALL,
        # Gives the förbund's people their accounts and roles (core.admin.UserAdmin keeps it to those).
        "auth.user": ("view", "add", "change"),
    },
    # Owns the budget and its contributions; reads the rest.
    FINANCE: {"governance": VIEW, "meetings": VIEW, "projects": VIEW, "plans": VIEW, "budget": ALL, "goals": VIEW},
    # Ledamöter and ersättare read what the board decides on.
    BOARD: {"governance": VIEW, "meetings": VIEW, "projects": VIEW, "plans": VIEW, "budget": VIEW, "goals": VIEW},
    # Reads everything, including the admin's change history and the audit trail.
    AUDITOR: {
        "core": VIEW,
        "governance": VIEW,
        "meetings": VIEW,
        "projects": VIEW,
        "plans": VIEW,
        "budget": VIEW,
        "goals": VIEW,
        "publishing": VIEW,
        "admin": VIEW,
    },
}

ROLE_DESCRIPTIONS = {
    DIRECTOR: _("Skriver verksamhetsplanen och håller förbundets uppgifter aktuella."),
    FINANCE: _("För in budget och medlemsbidrag och följer upp utfallet."),
    BOARD: _("Ordinarie ledamöter och ersättare: läser planen, kalendern och underlagen."),
    AUDITOR: _("Läser allt, även ändringshistoriken."),
}


def sync_role_groups(apps, schema_editor=None) -> None:
    """Create the role groups and give each exactly the permissions its spec names.

    Usable from a data migration (pass the historical `apps`) and at run time.
    """
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are normally created after migrate; a data migration needs them now.
    # (A historical app config has no models module; the real ones keep theirs.)
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    for role, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for scope, actions in grants.items():
            app_label, _dot, model = scope.partition(".")
            permissions = Permission.objects.filter(content_type__app_label=app_label)
            if model:
                permissions = permissions.filter(content_type__model=model)
            for permission in permissions:
                if permission.codename.split("_", 1)[0] in actions:
                    wanted.append(permission)
        group.permissions.set(wanted)


def has_role(user) -> bool:
    """Return whether `user` may read any of the förbund's data: a role, or a permission given by hand.

    A logged-in user without one (an account made before its role was given) sees only
    the pages open to all and their own account.
    """
    return any(user.has_module_perms(app) for app in DOMAIN_APPS)


def roles_with_permission(permission: str) -> list[str]:
    """Return the roles whose groups hold `permission` ("budget.change_budget"), in the roles' order."""
    app_label, _dot, codename = permission.partition(".")
    action, _sep, model = codename.partition("_")

    def grants(role) -> tuple[str, ...]:
        spec = ROLE_PERMISSIONS.get(role, {})
        return spec.get(f"{app_label}.{model}", spec.get(app_label, ()))

    return [role for role in ROLES if action in grants(role)]


def roles_sentence(roles) -> str:
    """Return "Förbundschef och Ekonom" for the roles given; "" for none."""
    roles = list(roles)
    if not roles:
        return ""
    if len(roles) == 1:
        return roles[0]
    return gettext_now("%(first)s och %(last)s") % {"first": ", ".join(roles[:-1]), "last": roles[-1]}


class RoleRequired(PermissionDenied):
    """A refusal that knows which roles may do it: the 403 page names them (core.errors.permission_denied)."""

    def __init__(self, *, roles=(), permissions=()):
        found = [role for role in ROLES if role in roles]
        for permission in permissions:
            found += [role for role in roles_with_permission(permission) if role not in found]
        self.roles = [role for role in ROLES if role in found]
        super().__init__(roles_sentence(self.roles))


ROLE_NAMES_CACHE = "_sofint_role_names"  # core.services.user_roles_set forgets it when it changes the roles


def role_names(user) -> frozenset[str]:
    """Return the names of `user`'s groups, fetched once per request's user (many parts of a page ask)."""
    if not user.is_authenticated:
        return frozenset()
    if ROLE_NAMES_CACHE not in user.__dict__:
        user.__dict__[ROLE_NAMES_CACHE] = frozenset(user.groups.values_list("name", flat=True))
    return user.__dict__[ROLE_NAMES_CACHE]


def user_has_admin_role(user) -> bool:
    """Return whether `user` holds a role whose work is partly in the admin."""
    return bool(user.is_authenticated and user.is_active and role_names(user) & set(ADMIN_ROLES))


def can_use_admin(user) -> bool:
    """Tell whether `user` may enter the admin: Django staff, or a role whose work is there (core.sites)."""
    return bool(getattr(user, "is_active", False) and (user.is_staff or user_has_admin_role(user)))
