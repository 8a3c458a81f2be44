from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("planer/", views.PlanListView.as_view(), name="list"),
    path("planer/ny/", views.PlanCreateView.as_view(), name="create"),
    path("planer/forhandsvisning/", views.MarkdownPreviewView.as_view(), name="preview"),
    path("planer/<id:plan_id>/", views.PlanDetailView.as_view(), name="detail"),
    path("planer/<id:plan_id>/redigera/", views.PlanEditorView.as_view(), name="editor"),
    path("planer/<id:plan_id>/ar/", views.PlanYearsView.as_view(), name="years"),
    path("planer/<id:plan_id>/uppgifter/", views.PlanDetailsFormView.as_view(), name="details"),
    path("planer/<id:plan_id>/radera/", views.PlanDeleteView.as_view(), name="delete"),
    path("planer/<id:plan_id>/avsnitt/<id:section_id>/", views.SectionEditView.as_view(), name="section"),
    path(
        "planer/<id:plan_id>/avsnitt/<id:section_id>/flytta/<str:direction>/",
        views.SectionMoveView.as_view(),
        name="section_move",
    ),
    path(
        "planer/<id:plan_id>/avsnitt/<id:section_id>/historik/",
        views.SectionHistoryView.as_view(),
        name="section_history",
    ),
    path(
        "planer/<id:plan_id>/avsnitt/<id:section_id>/radera/",
        views.SectionDeleteView.as_view(),
        name="section_delete",
    ),
    path("planer/<id:plan_id>/skicka/", views.PlanSendView.as_view(), name="send"),
    path("planer/<id:plan_id>/faststall/", views.PlanAdoptView.as_view(), name="adopt"),
    path("planer/<id:plan_id>/kopiera/", views.PlanCopyView.as_view(), name="copy"),
    path("planer/<id:plan_id>/pdf/", views.PlanPdfView.as_view(), name="pdf"),
    path("planer/<id:plan_id>/pdf/status/", views.PlanPdfStatusView.as_view(), name="pdf_status"),
    path("planer/<id:plan_id>/version/<id:number>/pdf/", views.VersionPdfView.as_view(), name="version_pdf"),
    path(
        "planer/<id:plan_id>/version/<id:number>/andringar/",
        views.VersionChangesView.as_view(),
        name="version_changes",
    ),
]
