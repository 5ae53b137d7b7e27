"""The production cache without a cache server (samhold.file_cache): shared files, and a look at
the whole directory (to keep it under MAX_ENTRIES) at most once a minute per process."""

from unittest import mock

from samhold.file_cache import CULL_INTERVAL_SECONDS, MachineFileCache


def test_values_and_versions_are_kept_and_the_directory_is_listed_once_a_minute(tmp_path):
    cache = MachineFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 3}})
    other_process = MachineFileCache(str(tmp_path), {})
    with mock.patch.object(MachineFileCache, "_list_cache_files", autospec=True,
                           side_effect=lambda self: [str(path) for path in tmp_path.glob("*.djcache")]) as listed:
        cache.set_many({f"card:{n}": f"<article>{n}</article>" for n in range(20)}, 60)
        assert listed.call_count == 1
        cache.set("version:pages", 1, None)
        cache.incr("version:pages")
        assert listed.call_count == 1
        assert other_process.get("version:pages") == 2  # another process reads what this one wrote
        with mock.patch("samhold.file_cache.time.monotonic", return_value=10**9 + CULL_INTERVAL_SECONDS):
            cache.set("card:20", "<article>20</article>", 60)
        assert listed.call_count == 2  # a minute on: over MAX_ENTRIES, a third are dropped
    assert other_process.get("card:20") == "<article>20</article>"
    assert len(list(tmp_path.glob("*.djcache"))) < 22
