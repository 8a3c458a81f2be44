"""Who may see and change the förbund's own goals: the förbundschef edits, every other role reads."""


def can_view_goals(user) -> bool:
    return user.has_perm("goals.view_forbundgoal")


def can_change_goals(user) -> bool:
    return user.has_perm("goals.change_forbundgoal")
