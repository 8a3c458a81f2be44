from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("insatser/", views.ProjectListView.as_view(), name="list"),
    path("insatser/ny/", views.ProjectFormView.as_view(), name="create"),
    path("insatser/<id:project_id>/", views.ProjectDetailView.as_view(), name="detail"),
    path("insatser/<id:project_id>/andra/", views.ProjectFormView.as_view(), name="update"),
    path("insatser/<id:project_id>/ta-bort/", views.ProjectDeleteView.as_view(), name="delete"),
    path("insatser/<id:project_id>/status/", views.ProjectStatusView.as_view(), name="status"),
    path("insatser/<id:project_id>/historik/", views.ProjectHistoryView.as_view(), name="history"),
    path("insatser/<id:project_id>/mal/nytt/", views.GoalFormView.as_view(), name="goal_create"),
    path("insatser/mal/<id:goal_id>/andra/", views.GoalFormView.as_view(), name="goal_update"),
    path("insatser/mal/<id:goal_id>/ta-bort/", views.GoalDeleteView.as_view(), name="goal_delete"),
    path("insatser/<id:project_id>/rapporter/ny/", views.ReportFormView.as_view(), name="report_create"),
    path("insatser/rapporter/<id:report_id>/", views.ReportDetailView.as_view(), name="report"),
    path("insatser/rapporter/<id:report_id>/andra/", views.ReportFormView.as_view(), name="report_update"),
    path("insatser/malgrupper/", views.TargetGroupsView.as_view(), name="target_groups"),
    path("insatser/malgrupper/<year:year>/kopiera/", views.TargetGroupsCopyView.as_view(), name="target_groups_copy"),
    path("maluppfyllelse/", views.MatrixView.as_view(), name="matrix_current"),
    path("maluppfyllelse/<year:year>/", views.MatrixView.as_view(), name="matrix"),
    path(
        "maluppfyllelse/<year:year>/maluppfyllelse.csv", views.MatrixExportView.as_view(format="csv"), name="matrix_csv"
    ),
    path(
        "maluppfyllelse/<year:year>/maluppfyllelse.xlsx",
        views.MatrixExportView.as_view(format="xlsx"),
        name="matrix_xlsx",
    ),
    path("insatser/fortsatt/<year:year>/", views.CarryOverView.as_view(), name="carry_over"),
    path("insatser/nationell-uppfoljning/<year:year>.csv", views.NationalExportView.as_view(), name="national_csv"),
]
