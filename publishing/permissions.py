"""Who may publish on the open web."""


def can_publish(user) -> bool:
    """Return True when `user` may publish a document and withdraw a publication (the förbundschef)."""
    return user.has_perm("publishing.add_publication")
