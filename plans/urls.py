from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("planer/", views.PlanListView.as_view(), name="list"),
    path("planer/ny/", views.PlanCreateView.as_view(), name="create"),
    path("planer/forhandsvisning/", views.MarkdownPreviewView.as_view(), name="preview"),
    path("planer/<int:plan_id>/", views.PlanDetailView.as_view(), name="detail"),
    path("planer/<int:plan_id>/redigera/", views.PlanEditorView.as_view(), name="editor"),
    path("planer/<int:plan_id>/avsnitt/<int:section_id>/", views.SectionEditView.as_view(), name="section"),
    path(
        "planer/<int:plan_id>/avsnitt/<int:section_id>/flytta/<str:direction>/",
        views.SectionMoveView.as_view(),
        name="section_move",
    ),
    path(
        "planer/<int:plan_id>/avsnitt/<int:section_id>/radera/",
        views.SectionDeleteView.as_view(),
        name="section_delete",
    ),
    path("planer/<int:plan_id>/skicka/", views.PlanSendView.as_view(), name="send"),
    path("planer/<int:plan_id>/faststall/", views.PlanAdoptView.as_view(), name="adopt"),
    path("planer/<int:plan_id>/kopiera/", views.PlanCopyView.as_view(), name="copy"),
    path("planer/<int:plan_id>/pdf/", views.PlanPdfView.as_view(), name="pdf"),
    path("planer/<int:plan_id>/version/<int:number>/pdf/", views.VersionPdfView.as_view(), name="version_pdf"),
    path(
        "planer/<int:plan_id>/version/<int:number>/andringar/",
        views.VersionChangesView.as_view(),
        name="version_changes",
    ),
]
