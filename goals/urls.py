from django.urls import path

from . import views

app_name = "goals"

urlpatterns = [
    path("forbundets-mal/", views.YearView.as_view(), name="current"),
    path("forbundets-mal/<year:year>/", views.YearView.as_view(), name="year"),
    path("forbundets-mal/<year:year>/nytt/", views.GoalFormView.as_view(), name="create"),
    path("forbundets-mal/<year:year>/kopiera/", views.CopyYearView.as_view(), name="copy"),
    path(
        "forbundets-mal/<year:year>/inledning/<slug:kind>/", views.IntroductionFormView.as_view(), name="introduction"
    ),
    path("forbundets-mal/mal/<id:forbund_goal_id>/", views.GoalDetailView.as_view(), name="detail"),
    path("forbundets-mal/mal/<id:forbund_goal_id>/andra/", views.GoalFormView.as_view(), name="update"),
    path("forbundets-mal/mal/<id:forbund_goal_id>/ta-bort/", views.GoalDeleteView.as_view(), name="delete"),
    path(
        "forbundets-mal/mal/<id:forbund_goal_id>/uppfoljning/ny/",
        views.FollowUpFormView.as_view(),
        name="follow_up_create",
    ),
    path(
        "forbundets-mal/uppfoljning/<id:follow_up_id>/andra/", views.FollowUpFormView.as_view(), name="follow_up_update"
    ),
    path(
        "forbundets-mal/uppfoljning/<id:follow_up_id>/ta-bort/",
        views.FollowUpDeleteView.as_view(),
        name="follow_up_delete",
    ),
]
