from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("kalender/", views.YearView.as_view(), name="calendar"),
    path("kalender/<year:year>/", views.YearView.as_view(), name="year"),
    path("kalender/<year:year>.ics", views.YearIcsView.as_view(), name="year_ics"),
    path("kalender/<year:year>/kopiera/", views.CalendarCopyView.as_view(), name="year_copy"),
    path("kalender/<year:year>/faststall/", views.CalendarAdoptView.as_view(), name="year_adopt"),
    path("kalender/mote/nytt/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("kalender/mote/<id:meeting_id>/", views.MeetingView.as_view(), name="meeting"),
    path("kalender/mote/<id:meeting_id>/andra/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path("kalender/mote/<id:meeting_id>/ta-bort/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
    path("kalender/mote/<id:meeting_id>/stall-in/", views.MeetingStatusView.as_view(), name="meeting_cancel"),
    path(
        "kalender/mote/<id:meeting_id>/aterta/",
        views.MeetingStatusView.as_view(cancel=False),
        name="meeting_reinstate",
    ),
    path(
        "kalender/prenumeration/ny-adress/",
        views.SubscriptionRegenerateView.as_view(),
        name="subscription_regenerate",
    ),
    path("kalender/prenumeration/<slug:key>/<slug:secret>.ics", views.FeedView.as_view(), name="feed"),
]
