"""Who may read and change the calendar."""

from core.roles import BOARD, role_names


def can_view_meetings(user) -> bool:
    return user.has_perm("meetings.view_meeting")


def can_change_meetings(user) -> bool:
    return user.has_perm("meetings.change_meeting")


def can_subscribe_to_calendar(user) -> bool:
    """A personal feed shows what its owner may read, and stops when they no longer may."""
    return user.is_active and can_view_meetings(user)


def is_board_member(user) -> bool:
    """Return whether `user` sits on the board (ledamot or ersättare) and so wants its next meeting first."""
    return BOARD in role_names(user)
