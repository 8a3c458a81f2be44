"""Who may see and change projects: the förbundschef edits, every other role reads."""


def can_view_projects(user) -> bool:
    return user.has_perm("projects.view_project")


def can_change_projects(user) -> bool:
    return user.has_perm("projects.change_project")
