"""The group editor's form in the admin, as a coordinator would send it."""


def editor_form(group, places, themes, summary):
    return {
        "name": group.name, "slug": group.slug, "summary": summary, "description": '{"blocks":[],"entityMap":{}}',
        "themes": [themes["sorg"].pk], "status": "planned", "contact": "", "attendance": "in_person",
        "municipality": places["levanger"].pk, "place": "Frivilligsentralen", "address": "", "frequency": "weekly",
        "weekday": "1", "week_of_month": "", "start_time": "18:00", "end_time": "19:30", "first_meeting": "",
        "frequency_note": "", "audience": "everyone", "languages": "norsk", "wheelchair_accessible": "unknown",
        "min_age": "18", "max_members": "8", "open_places": "",
    }
