from django.urls import path

from .views import imports

urlpatterns = [
    path("imports/", imports.imports, name="imports"),
    path("imports/<int:pk>/", imports.job_page, name="import_job"),
    path("imports/<int:pk>/setup/", imports.job_setup, name="import_setup"),
    path("imports/<int:pk>/progress/", imports.job_progress, name="import_progress"),
    path("imports/<int:pk>/cancel/", imports.job_cancel, name="import_cancel"),
    path("imports/<int:pk>/rollback/", imports.job_rollback, name="import_rollback"),
    path("imports/<int:pk>/rejected.csv", imports.job_rejected, name="import_rejected"),
    path("imports/<int:pk>/report.json", imports.job_report, name="import_report"),
]
