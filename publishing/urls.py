from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    # Open to everyone, without a login.
    path("publicerat/", views.document_list, name="list"),
    path("publicerat/<slug:slug>/", views.document_page, name="document"),
    path("publicerat/<slug:slug>.pdf", views.document_pdf, name="document_pdf"),
    # The förbundschef's.
    path("planer/<id:plan_id>/publicera/", views.PlanPublishView.as_view(), name="plan_publish"),
    path("planer/<id:plan_id>/ta-bort-publiceringen/", views.PlanWithdrawView.as_view(), name="plan_withdraw"),
]
