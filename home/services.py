"""Writes for the home app: the page tree the public site stands on."""

import json

from django.db import transaction
from django.utils.html import escape
from wagtail.models import Locale, Page, Site

from samhold.models import ContactSettings, SitePages

from .models import ContentPage, DirectoryPage, HomePage

ENGLISH = "en"

# Page texts, Bokmål first. Rich text is Wagtail's stored HTML: links to pages are written
# as <a linktype="page" id="{key}">, filled in with the ids of the pages in the same language.
HOME = {
    "nb": {
        "title": "Møt andre som forstår",
        "slug": "hjem",
        "intro": (
            "Her finner du selvhjelpsgrupper i hele landet, der mennesker med like erfaringer møtes for å "
            "støtte hverandre. Søk etter tema og sted, eller finn en gruppe som møtes på nett."
        ),
        "about_groups": (
            "<p>En selvhjelpsgruppe er en liten gruppe mennesker som kjenner det samme fra innsiden – "
            "for eksempel angst, sorg, et samlivsbrudd eller det å være pårørende. Dere møtes jevnlig, "
            "gjerne hver uke eller annenhver uke, og snakker om det som opptar dere.</p>"
            "<p>Gruppene er selvstyrte. Ingen behandler leder møtene, og alle i gruppa er likeverdige. "
            "Det som blir sagt i gruppa, blir i gruppa.</p>"
            "<p>Du trenger ingen henvisning, og det koster som regel ingenting å være med. "
            "Du bestemmer selv hvor mye du vil dele.</p>"
        ),
    },
    "en": {
        "title": "Meet others who understand",
        "slug": "home",
        "intro": (
            "Here you will find self-help groups all over Norway, where people with the same experiences "
            "meet to support each other. Search by theme and place, or find a group that meets online."
        ),
        "about_groups": (
            "<p>A self-help group is a small group of people who know the same thing from the inside – "
            "anxiety, grief, a separation or caring for someone close, for example. You meet regularly, "
            "often every week or every other week, and talk about what matters to you.</p>"
            "<p>The groups run themselves. No therapist leads the meetings, and everyone in the group is "
            "equal. What is said in the group stays in the group.</p>"
            "<p>You need no referral, and it usually costs nothing to take part. "
            "You decide how much you want to share.</p>"
        ),
    },
}

DIRECTORY = {
    "nb": {
        "title": "Finn selvhjelpsgruppe",
        "slug": "finn-gruppe",
        "intro": (
            "Søk etter en gruppe på temaet ditt, der du bor eller på nett. Du kan skrive til gruppa "
            "herfra uten å oppgi mer enn navn og e-postadresse."
        ),
        "empty_result_text": (
            "<p>Vi fant ingen grupper som passer søket ditt akkurat nå. Det er ikke uvanlig: mange steder "
            "finnes det bare noen få grupper. Under ser du grupper i nærheten og grupper som møtes på nett.</p>"
            "<p>Du kan også ta kontakt med koordinatoren, som kan fortelle om grupper som er på vei, eller "
            'hjelpe deg å <a linktype="page" id="{start}">starte en gruppe selv</a>.</p>'
        ),
    },
    "en": {
        "title": "Find a self-help group",
        "slug": "find-a-group",
        "intro": (
            "Search for a group on your theme, where you live or online. You can write to a group from "
            "here without giving more than your name and e-mail address."
        ),
        "empty_result_text": (
            "<p>We found no groups that match your search right now. That is not unusual: many places "
            "have only a few groups. Below you will find groups nearby and groups that meet online.</p>"
            "<p>You can also get in touch with the coordinator, who can tell you about groups on their way, "
            'or help you <a linktype="page" id="{start}">start a group yourself</a>.</p>'
        ),
    },
}

ABOUT = {
    "nb": {
        "title": "Hva er en selvhjelpsgruppe?",
        "slug": "hva-er-en-selvhjelpsgruppe",
        "intro": (
            "En selvhjelpsgruppe er et lite fellesskap av mennesker som har erfaring med det samme, "
            "og som møtes jevnlig for å støtte hverandre."
        ),
        "body": [
            (
                "paragraph",
                "<p>Selvhjelp handler om å ta i bruk sine egne ressurser for å få det bedre. I en "
                "selvhjelpsgruppe møtes noen få mennesker, ofte fem til åtte, som kjenner en utfordring "
                "fra innsiden. Det kan være angst, sorg, kroniske smerter, et samlivsbrudd eller det å "
                "være pårørende. Dere møtes fast, for eksempel en kveld i uka, og snakker om det som er "
                "viktig for dere akkurat nå.</p>",
            ),
            ("heading", "Ingen ekspert leder gruppa"),
            (
                "paragraph",
                "<p>Gruppa er selvstyrt. Det er ingen behandler eller kursholder til stede, og alle i "
                "gruppa er likeverdige. Dere blir sammen enige om hvordan møtene skal være: hvor dere "
                "møtes, hvor ofte, og hvilke avtaler som skal gjelde.</p>"
                "<p>De fleste grupper har noen få enkle avtaler:</p>"
                "<ul><li>Det som blir sagt i gruppa, blir i gruppa.</li>"
                "<li>Alle får snakke ferdig uten å bli avbrutt.</li>"
                "<li>Ingen må si noe de ikke vil.</li>"
                "<li>Vi gir ikke hverandre råd, men deler egne erfaringer.</li></ul>",
            ),
            ("heading", "Hva du kan få ut av det"),
            (
                "paragraph",
                "<p>Mange forteller at det letter å møte andre som forstår, uten at de må forklare så "
                "mye. Du kan få nye perspektiver på din egen situasjon, høre hvordan andre har funnet "
                "sine måter å leve med det på, og oppdage at dine erfaringer kan være til hjelp for "
                "andre.</p>"
                "<p>En selvhjelpsgruppe er ikke behandling. Den kan være et godt supplement til "
                "behandling, eller et sted å høre til når behandlingen er over.</p>",
            ),
            (
                "callout",
                (
                    "Slik kommer du i kontakt med en gruppe",
                    '<p>Finn en gruppe på temaet ditt i <a linktype="page" id="{directory}">gruppeoversikten</a>, '
                    "og send en melding til kontaktpersonen. Du forplikter deg ikke til noe ved å ta kontakt. "
                    'Finner du ingen gruppe som passer, kan du <a linktype="page" id="{start}">starte en selv</a>.</p>',
                ),
            ),
        ],
    },
    "en": {
        "title": "What is a self-help group?",
        "slug": "what-is-a-self-help-group",
        "intro": (
            "A self-help group is a small community of people who share an experience and meet "
            "regularly to support each other."
        ),
        "body": [
            (
                "paragraph",
                "<p>Self-help means using your own resources to feel better. In a self-help group a few "
                "people, often five to eight, who know a challenge from the inside meet. It may be "
                "anxiety, grief, chronic pain, a separation or caring for someone close. You meet at a "
                "set time, for example one evening a week, and talk about what matters to you right "
                "now.</p>",
            ),
            ("heading", "No expert leads the group"),
            (
                "paragraph",
                "<p>The group runs itself. No therapist or course leader is present, and everyone in the "
                "group is equal. Together you agree how the meetings should be: where you meet, how "
                "often, and which agreements apply.</p>"
                "<p>Most groups have a few simple agreements:</p>"
                "<ul><li>What is said in the group stays in the group.</li>"
                "<li>Everyone may finish speaking without being interrupted.</li>"
                "<li>Nobody has to say anything they do not want to.</li>"
                "<li>We do not give each other advice; we share our own experiences.</li></ul>",
            ),
            ("heading", "What you can gain"),
            (
                "paragraph",
                "<p>Many say it is a relief to meet others who understand without needing much "
                "explanation. You may see your own situation in a new light, hear how others have found "
                "their ways of living with it, and discover that your experiences can help others.</p>"
                "<p>A self-help group is not treatment. It can be a good addition to treatment, or a "
                "place to belong once treatment is over.</p>",
            ),
            (
                "callout",
                (
                    "How to get in touch with a group",
                    '<p>Find a group on your theme in <a linktype="page" id="{directory}">the directory</a> '
                    "and send a message to its contact person. Getting in touch does not commit you to "
                    'anything. If no group fits, you can <a linktype="page" id="{start}">start one</a>.</p>',
                ),
            ),
        ],
    },
}

START = {
    "nb": {
        "title": "Starte en gruppe",
        "slug": "starte-en-gruppe",
        "intro": (
            "Savner du en gruppe på ditt tema der du bor? Mange av gruppene som finnes i dag, "
            "begynte med at én person tok initiativet."
        ),
        "body": [
            (
                "paragraph",
                "<p>Du trenger ikke være ekspert eller ha erfaring med å lede noe for å starte en "
                "selvhjelpsgruppe. Det viktigste er at du kjenner temaet fra innsiden og har lyst til "
                "å møte andre som gjør det samme.</p>",
            ),
            ("heading", "Du får hjelp i starten"),
            (
                "paragraph",
                "<p>En igangsetter – en frivillig eller ansatt med opplæring i selvhjelp – kan hjelpe "
                "deg i gang. Igangsetteren hjelper til med å finne ut om flere er interessert, finne et "
                "egnet lokale og holde et åpent informasjonsmøte der gruppa blir presentert. "
                "Igangsetteren er gjerne med på de første møtene og trekker seg så gradvis tilbake, "
                "til gruppa går av seg selv.</p>",
            ),
            ("heading", "Slik går det vanligvis for seg"),
            (
                "paragraph",
                "<ol><li>Du tar kontakt med koordinatoren og forteller hva slags gruppe du ønsker.</li>"
                "<li>Dere finner ut om det er interesse, og avtaler tid og sted for et informasjonsmøte.</li>"
                "<li>De som vil være med, møtes noen ganger sammen med igangsetteren og blir enige om "
                "hvordan gruppa skal være.</li>"
                "<li>Gruppa blir selvgående: dere møtes på egen hånd og bestemmer selv hvordan dere vil "
                "ha det.</li></ol>",
            ),
            (
                "callout",
                (
                    "Slik kommer du i gang",
                    '<p><a href="/meld-interesse/">Meld interesse</a> for en gruppe på temaet ditt der du bor. '
                    "Da sier vi fra når en slik gruppe starter, og igangsetterne ser hvor det trengs grupper.</p>"
                    '<p>Vil du hjelpe nye grupper i gang? <a href="/min-side/bli-igangsetter/">Søk om å bli '
                    "igangsetter</a>. Du kan også skrive til {coordinator_name} på "
                    '<a href="mailto:{coordinator_email}">{coordinator_email}</a> hvis du vil starte en gruppe, '
                    "eller vet om et behov der du bor.</p>",
                ),
            ),
        ],
    },
    "en": {
        "title": "Starting a group",
        "slug": "starting-a-group",
        "intro": (
            "Do you miss a group on your theme where you live? Many of the groups that exist today "
            "began with one person taking the first step."
        ),
        "body": [
            (
                "paragraph",
                "<p>You do not need to be an expert or have led anything before to start a self-help "
                "group. What matters most is that you know the theme from the inside and would like to "
                "meet others who do too.</p>",
            ),
            ("heading", "You get help at the start"),
            (
                "paragraph",
                "<p>A facilitator – a volunteer or employee trained in self-help – can help you get "
                "started. The facilitator helps find out whether others are interested, find a suitable "
                "room and hold an open information meeting where the group is presented. The "
                "facilitator often joins the first meetings and then steps back gradually, until the "
                "group runs by itself.</p>",
            ),
            ("heading", "How it usually goes"),
            (
                "paragraph",
                "<ol><li>You contact the coordinator and say what kind of group you would like.</li>"
                "<li>Together you find out whether there is interest, and set a time and place for an "
                "information meeting.</li>"
                "<li>Those who want to join meet a few times with the facilitator and agree how the "
                "group should be.</li>"
                "<li>The group becomes self-running: you meet on your own and decide together how you "
                "want it.</li></ol>",
            ),
            (
                "callout",
                (
                    "How to get started",
                    '<p><a href="/en/meld-interesse/">Register your interest</a> in a group on your theme where '
                    "you live. We tell you when such a group starts, and facilitators see where groups are "
                    "needed.</p>"
                    '<p>Would you like to help new groups get started? <a href="/en/min-side/bli-igangsetter/">'
                    "Apply to become a facilitator</a>. You can also write to {coordinator_name} at "
                    '<a href="mailto:{coordinator_email}">{coordinator_email}</a> if you would like to start a '
                    "group, or know of a need where you live.</p>",
                ),
            ),
        ],
    },
}

# Every sentence here must stay true of the code. The register of what is processed, with every
# period, is drawn from home.privacy and settings.SAMHOLD_RETENTION by the data_register block.
PRIVACY = {
    "nb": {
        "title": "Personvern",
        "slug": "personvern",
        "intro": (
            "Her forteller vi hvilke opplysninger Samhold behandler, hvorfor, hvem som ser dem, hvor lenge vi tar "
            "vare på dem, og hvordan du ser og sletter dem selv."
        ),
        "body": [
            ("heading", "Kort fortalt"),
            (
                "paragraph",
                "<p>Du kan lese alle sidene og søke etter grupper uten å oppgi noe om deg selv. Vi bruker ingen "
                "analyseverktøy, og sidene henter ingenting fra andre nettsteder.</p>"
                "<p>Det du forteller oss når du skriver til en gruppe, melder interesse eller melder deg på et "
                "informasjonsmøte, kan si noe om helsen din. Derfor samler vi inn så lite som mulig, viser det til så "
                "få som mulig og tar vare på det så kort tid som mulig. Du bestemmer selv: alt du har gitt oss, kan "
                "du se, laste ned og slette uten å logge inn.</p>",
            ),
            ("heading", "Dette behandler vi"),
            ("data_register", None),
            ("heading", "Dine rettigheter"),
            (
                "paragraph",
                "<p>Du har rett til innsyn i det vi har lagret om deg, til å få det rettet eller slettet, til å få en "
                "kopi du kan ta med deg, og til å trekke samtykket ditt når som helst. Samtykket trekker du ved å "
                "slette det du har gitt oss; det gjelder fra da av.</p>"
                "<ul><li>Hver e-post vi sender deg, har en lenke til en side der du ser, laster ned (JSON), endrer "
                "eller sletter det den gjelder.</li>"
                '<li>Har du mistet e-posten, kan du be om nye lenker på siden <a href="/mine-opplysninger/">Se eller '
                "slett det vi har lagret om deg</a>. Vi sender dem bare til e-postadressen det gjelder, og svarer det "
                "samme enten vi har noe lagret eller ikke.</li>"
                "<li>Har du en konto som igangsetter, kontaktperson eller koordinator, ser, laster ned og sletter du "
                "alt på Min side, under «Dette har vi lagret om deg».</li></ul>"
                "<p>Du kan også klage til Datatilsynet.</p>",
            ),
            ("heading", "Slik passer vi på opplysningene"),
            (
                "paragraph",
                "<ul><li>E-post ligger hos oss bare til den er levert; da sletter vi mottaker, svaradresse og "
                "tekst.</li>"
                "<li>Lenkene vi sender deg, lagrer vi bare som en kode som ikke kan gjøres om til lenken igjen.</li>"
                "<li>Ansatte og koordinatorer logger inn med passord og en kode fra en app på telefonen.</li>"
                "<li>Hver gang noen ser en liste over personer, blir det skrevet i en logg som administratorene "
                "kontrollerer.</li>"
                "<li>Emnefeltet i e-postene våre nevner aldri en gruppe eller et tema, fordi det kan vises på "
                "låseskjermen.</li></ul>",
            ),
            (
                "callout",
                (
                    "Spørsmål om personvern",
                    "<p>Skriv til {coordinator_name} på "
                    '<a href="mailto:{coordinator_email}">{coordinator_email}</a> hvis du lurer på noe, eller vil at '
                    "vi skal rette eller slette noe du ikke finner en lenke til.</p>",
                ),
            ),
        ],
    },
    "en": {
        "title": "Privacy",
        "slug": "privacy",
        "intro": (
            "Here we explain what information Samhold processes, why, who sees it, how long we keep it, and how "
            "you see and delete it yourself."
        ),
        "body": [
            ("heading", "In short"),
            (
                "paragraph",
                "<p>You can read every page and search for groups without telling us anything about yourself. We "
                "use no analytics, and the pages load nothing from other sites.</p>"
                "<p>What you tell us when you write to a group, register your interest or sign up for an "
                "information meeting can say something about your health. So we collect as little as we can, show "
                "it to as few as we can and keep it as short as we can. You decide: everything you have given us, "
                "you can see, download and delete without logging in.</p>",
            ),
            ("heading", "What we process"),
            ("data_register", None),
            ("heading", "Your rights"),
            (
                "paragraph",
                "<p>You have the right to see what we hold about you, to have it corrected or deleted, to get a "
                "copy you can take with you, and to withdraw your consent at any time. You withdraw it by deleting "
                "what you gave us; it applies from then on.</p>"
                "<ul><li>Every e-mail we send you has a link to a page where you see, download (JSON), change or "
                "delete what it is about.</li>"
                '<li>Lost the e-mail? Ask for new links on the page <a href="/en/mine-opplysninger/">See or delete '
                "what we hold about you</a>. We send them only to the e-mail address concerned, and answer the same "
                "whether or not we hold anything.</li>"
                "<li>If you have an account as a facilitator, group contact or coordinator, you see, download and "
                "delete everything on Min side, under “What we hold about you”.</li></ul>"
                "<p>You may also complain to the Norwegian Data Protection Authority (Datatilsynet).</p>",
            ),
            ("heading", "How we look after it"),
            (
                "paragraph",
                "<ul><li>E-mail stays with us only until it is delivered; then we delete the recipient, the reply-to "
                "address and the text.</li>"
                "<li>The links we send you are stored only as a code that cannot be turned back into the link.</li>"
                "<li>Staff and coordinators log in with a password and a code from an app on their phone.</li>"
                "<li>Every time someone looks at a list of people, it is written in a record the administrators "
                "check.</li>"
                "<li>The subject lines of our e-mails never name a group or a theme, since they may show on a lock "
                "screen.</li></ul>",
            ),
            (
                "callout",
                (
                    "Questions about privacy",
                    "<p>Write to {coordinator_name} at "
                    '<a href="mailto:{coordinator_email}">{coordinator_email}</a> if you wonder about anything, or '
                    "want us to correct or delete something you find no link to.</p>",
                ),
            ),
        ],
    },
}

# Seeded texts that once promised what did not exist yet ("later you will be able to…"): a page
# that still holds one is rewritten with the current seeded text; pages editors wrote are left.
STALE_MARKERS = ("Senere vil du", "Later you will")

CONTENT_PAGES = [  # (key, texts, shown in the menu)
    ("about", ABOUT, True),
    ("start", START, True),
    ("privacy", PRIVACY, False),
]


def site_pages_ensure() -> HomePage:
    """Make sure the public page tree exists in Bokmål and English, and return the Bokmål home page.

    Idempotent: pages that exist (found by type or slug under the home page) are left as editors
    made them; only missing pages are created and published. Wagtail's welcome page is replaced
    as the default site's root and deleted.
    """
    with transaction.atomic():
        contact = ContactSettings.load()
        values = {
            "coordinator_name": escape(contact.coordinator_name),
            "coordinator_email": escape(contact.coordinator_email),
        }
        norwegian = Locale.get_default()
        home = _home_ensure(norwegian)
        pages = _tree_ensure(home, "nb", values)

        english, _ = Locale.objects.get_or_create(language_code=ENGLISH)
        home_en = home.get_translation_or_none(english)
        if home_en is None:
            home_en = home.copy_for_translation(english)
            texts = dict(HOME["en"])
            if Page.get_first_root_node().get_children().filter(slug=texts["slug"]).exists():
                del texts["slug"]  # keep Wagtail's "<slug>-en"; the home page's slug is never in a URL
            _fill(home_en, texts, {})
            _publish(home_en)
        pages_en, created_en = {}, {}
        for key, source in pages.items():
            translation = source.get_translation_or_none(english)
            if translation is None:
                translation = created_en[key] = source.copy_for_translation(english)
            pages_en[key] = translation
        _fill_tree(created_en, pages_en, ENGLISH, values)
        _refresh_stale({"nb": pages, ENGLISH: pages_en}, values)
        _site_pages_choose(directory=pages["directory"], privacy=pages["privacy"])
    return home


def _site_pages_choose(*, directory: Page, privacy: Page) -> None:
    """Point the site settings at the directory page and the privacy statement, unless an
    editor has chosen others."""
    chosen = SitePages.load()
    changed = False
    if chosen.directory_page_id is None:
        chosen.directory_page, changed = directory, True
    if chosen.privacy_page_id is None:
        chosen.privacy_page, changed = privacy, True
    if changed:
        chosen.save()


def _refresh_stale(pages_by_language: dict[str, dict], values: dict) -> None:
    """Rewrite content pages whose seeded text promised what did not exist yet (STALE_MARKERS)."""
    for language, pages in pages_by_language.items():
        links = {**values, **{key: page.pk for key, page in pages.items()}}
        for key, texts, _in_menu in CONTENT_PAGES:
            page = pages.get(key)
            if page is None:
                continue
            page = page.specific
            stored = json.dumps(list(page.body.raw_data), ensure_ascii=False)
            if any(marker in stored for marker in STALE_MARKERS):
                _fill(page, {"body": texts[language]["body"]}, links)
                _publish(page)


def _home_ensure(locale: Locale) -> HomePage:
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site else None
    if not isinstance(home, HomePage):
        home = HomePage.objects.child_of(root).filter(locale=locale).first()
        if home is None:
            home = HomePage(locale=locale)
            _fill(home, HOME["nb"], {})
            root.add_child(instance=home)
            _publish(home)
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Samhold"
            )
        else:
            site.root_page = home
            site.site_name = site.site_name or "Samhold"
            site.save()
    # Wagtail's "Welcome to your new Wagtail site!": a plain Page below the root, with nothing
    # below it and no site pointing at it.
    for page in root.get_children().exact_type(Page):
        if page.is_leaf() and not Site.objects.filter(root_page=page).exists():
            page.delete()
    return home


def _tree_ensure(home: HomePage, language: str, values: dict) -> dict:
    """The directory page and content pages under `home`; creates what is missing."""
    pages, created = {}, {}
    directory = DirectoryPage.objects.child_of(home).first()
    if directory is None:
        directory = created["directory"] = DirectoryPage(show_in_menus=True, locale=home.locale)
        directory.title, directory.slug = DIRECTORY[language]["title"], DIRECTORY[language]["slug"]
        home.add_child(instance=directory)
    pages["directory"] = directory
    for key, texts, in_menu in CONTENT_PAGES:
        page = ContentPage.objects.child_of(home).filter(slug=texts[language]["slug"]).first()
        if page is None:
            page = created[key] = ContentPage(show_in_menus=in_menu, locale=home.locale)
            page.title, page.slug = texts[language]["title"], texts[language]["slug"]
            home.add_child(instance=page)
        pages[key] = page
    _fill_tree(created, pages, language, values)
    return pages


def _fill_tree(created: dict, pages: dict, language: str, values: dict) -> None:
    """Write the texts into the newly created pages (links need every page's id) and publish them."""
    links = {**values, **{key: page.pk for key, page in pages.items()}}
    for key, page in created.items():
        if key == "directory":
            _fill(page, DIRECTORY[language], links)
            page.about_page = pages["about"]
        else:
            _fill(page, CONTENT_PAGES_BY_KEY[key][language], links)
        _publish(page)


def _fill(page: Page, texts: dict, links: dict) -> None:
    for field, value in texts.items():
        if field == "body":
            page.body = json.dumps(_stream(value, links))
        elif isinstance(value, str):
            setattr(page, field, value.format_map(links) if "{" in value else value)


def _stream(blocks: list, links: dict) -> list[dict]:
    stream = []
    for block_type, value in blocks:
        if block_type == "callout":
            heading, text = value
            value = {"heading": heading, "text": text.format_map(links)}
        elif block_type == "paragraph":
            value = value.format_map(links)
        stream.append({"type": block_type, "value": value})
    return stream


def _publish(page: Page) -> None:
    page.save_revision().publish()


CONTENT_PAGES_BY_KEY = {key: texts for key, texts, _ in CONTENT_PAGES}
