"""Media on shared storage: MEDIA_ROOT (a shared file system), or MEDIA_STORAGE with its options,
from the environment; local disk stays the default. Documents are served through the site
whatever the storage, so their privacy is checked."""

import json
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from wagtail.documents.models import Document

from tests.samhold.test_settings import run_python as settings_run_python

ROOT = Path(__file__).resolve().parents[2]
OWN = {"MEDIA_ROOT", "MEDIA_URL", "MEDIA_STORAGE", "MEDIA_STORAGE_OPTIONS"}


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return settings_run_python(code, env, strip=OWN)


STORAGE = (
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(type(s).__module__ + '.' + type(s).__name__); print(s.base_url); print(getattr(s, 'location', ''))"
)


def test_local_disk_is_the_default():
    result = run_python(STORAGE, {})
    assert result.returncode == 0, result.stderr
    backend, base_url, location = result.stdout.splitlines()
    assert backend == "django.core.files.storage.filesystem.FileSystemStorage"
    assert base_url == "/media/"
    assert location == str(ROOT / "media")


def test_media_root_and_url_come_from_the_environment(tmp_path):
    result = run_python(STORAGE, {"MEDIA_ROOT": str(tmp_path), "MEDIA_URL": "/filer/"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["django.core.files.storage.filesystem.FileSystemStorage", "/filer/", str(tmp_path)]


def test_media_storage_names_a_storage_class_and_its_options():
    options = json.dumps({"base_url": "/lager/", "location": "bilder"})
    result = run_python(
        STORAGE, {"MEDIA_STORAGE": "django.core.files.storage.InMemoryStorage", "MEDIA_STORAGE_OPTIONS": options}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["django.core.files.storage.memory.InMemoryStorage", "/lager/", str(ROOT / "bilder")]


@pytest.mark.parametrize("options", ["{bucket_name: samhold}", '["samhold"]', '"samhold"'])
def test_media_storage_options_must_be_a_json_object(options):
    result = run_python(STORAGE, {"MEDIA_STORAGE_OPTIONS": options})
    assert result.returncode != 0
    assert "MEDIA_STORAGE_OPTIONS must be a JSON object" in result.stderr


def test_a_file_one_app_server_saves_the_other_reads_from_a_shared_media_root(tmp_path):
    """Two processes standing for two machines with the same shared file system mounted."""
    save = "from django.core.files.base import ContentFile; from django.core.files.storage import default_storage as s; print(s.save('original_images/møte.jpg', ContentFile(b'JPEG bytes')))"
    saved = run_python(save, {"MEDIA_ROOT": str(tmp_path)})
    assert saved.returncode == 0, saved.stderr
    name = saved.stdout.strip()
    read = run_python(
        f"from django.core.files.storage import default_storage as s; print(s.open({name!r}).read().decode())",
        {"MEDIA_ROOT": str(tmp_path)},
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == "JPEG bytes"


class RemoteStorage(Storage):
    """Stands for an object store: files have addresses of their own and no local path (Django's
    Storage.path raises NotImplementedError)."""

    files: dict[str, bytes] = {}

    def _save(self, name, content):
        self.files[name] = content.read()
        return name

    def _open(self, name, mode="rb"):
        return ContentFile(self.files[name], name=name)

    def exists(self, name):
        return name in self.files

    def size(self, name):
        return len(self.files[name])

    def url(self, name):
        return f"https://lager.example.net/{name}"


@pytest.mark.django_db
def test_a_document_in_a_storage_without_local_paths_is_served_through_the_site(client, site, settings):
    # Wagtail would redirect to the storage's own address (past the site's privacy check, to
    # another origin) unless told to serve it itself.
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.RemoteStorage"}}
    document = Document(title="Program")
    document.file.save("program.pdf", ContentFile(b"%PDF-1.7 program"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 program"
