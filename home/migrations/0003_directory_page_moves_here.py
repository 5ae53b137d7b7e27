"""The directory page moves from the directory app (reference data only now) to home, the
public face. Its pages stay where they are: the model moves in Django's state, its content
type is renamed in place (so every page, revision and permission keeps pointing at it), and
its table is renamed."""

import django.db.models.deletion
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def content_type_to_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="directory", model="directorypage").update(app_label="home")


def content_type_to_directory(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="home", model="directorypage").update(app_label="directory")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0002_theme_permissions_for_editors"),
        ("home", "0002_privacy_data_register"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DirectoryPage",
                    fields=[
                        ("page_ptr", models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ("intro", models.CharField(blank=True, max_length=300, verbose_name="introduction")),
                        ("empty_result_text", wagtail.fields.RichTextField(blank=True, help_text="Shown with the nearest groups, online groups and the coordinator's contact details.", verbose_name="text when nothing is found")),
                        ("about_page", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.WAGTAIL_PAGE_MODEL, verbose_name="page about how self-help groups work")),
                    ],
                    options={"verbose_name": "directory page", "db_table": "directory_directorypage"},
                    bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, "wagtailcore.page"),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_home, content_type_to_directory),
        migrations.AlterModelTable(name="directorypage", table=None),
    ]
