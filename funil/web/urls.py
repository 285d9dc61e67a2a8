from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from .views import deal_board, lead_board, lead_card, lead_convert, lead_list, lead_new, my_day, search, shell

app_name = "web"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/auth/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("workspace/switch/", shell.workspace_switch, name="workspace_switch"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="web/auth/password_change.html", success_url=reverse_lazy("web:home")
        ),
        name="password_change",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="web/auth/password_reset.html",
            email_template_name="web/auth/password_reset_email.txt",
            subject_template_name="web/auth/password_reset_subject.txt",
            success_url=reverse_lazy("web:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="web/auth/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="web/auth/password_reset_confirm.html",
            success_url=reverse_lazy("web:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="web/auth/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("search/", search.search, name="search"),
    path("my-day/", my_day.my_day, name="my_day"),
    path("followups/<int:activity_id>/reschedule/", my_day.reschedule, name="followup_reschedule"),
    path("leads/board/", lead_board.board, name="lead_board"),
    path("leads/board/column/<int:stage_id>/", lead_board.column, name="lead_board_column"),
    path("leads/new/", lead_new.new, name="lead_new"),
    path("leads/", lead_list.lead_list, name="lead_list"),
    path("leads/bulk/", lead_list.bulk, name="lead_bulk"),
    path("leads/<int:lead_id>/", lead_card.card, name="lead_card"),
    path("leads/<int:lead_id>/move/", lead_board.move, name="lead_move"),
    path("leads/<int:lead_id>/junk/", lead_card.junk, name="lead_junk"),
    path("leads/<int:lead_id>/convert/", lead_convert.convert, name="lead_convert"),
    path("leads/<int:lead_id>/convert/undo/", lead_convert.undo, name="lead_convert_undo"),
    path("deals/board/", deal_board.board, name="deal_board"),
    path("deals/board/column/<int:stage_id>/", deal_board.column, name="deal_board_column"),
    path("deals/<int:deal_id>/move/", deal_board.move, name="deal_move"),
    # Each group of pages keeps its own routes.
    path("", include("funil.web.urls_records")),
    path("", include("funil.web.urls_lists")),
    path("settings/", include("funil.web.urls_settings")),
    path("settings/", include("funil.web.urls_webforms")),
    path("settings/", include("funil.web.urls_integrations")),
    path("", include("funil.web.urls_merge")),
    path("", include("funil.web.urls_imports")),
    path("", include("funil.web.urls_exports")),
    path("", shell.home, name="home"),
]
