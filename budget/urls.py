from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("budget/", views.BudgetView.as_view(), name="index"),
    path("budget/<year:year>/", views.BudgetView.as_view(), name="year"),
    path("budget/<year:year>/kopiera/", views.BudgetCopyView.as_view(), name="copy"),
    path("budget/<year:year>/diagram/<slug:chart>.svg", views.BudgetChartView.as_view(), name="chart"),
]
