from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("forbundet/", views.OrganisationView.as_view(), name="organisation"),
    path("styrelse/", views.BoardView.as_view(), name="board"),
    path("styrelse/<year:election_year>/", views.BoardView.as_view(), name="board_period"),
    path("styrelse/<year:election_year>/skapa/", views.TermCreateView.as_view(), name="term_create"),
    path("kansli-och-revision/", views.OfficeView.as_view(), name="office"),
]
