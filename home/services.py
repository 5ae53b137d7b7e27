"""Writes for the home app: the page tree the public site stands on."""

import json

from django.db import transaction
from django.utils.html import escape
from wagtail.models import Locale, Page, Site

from directory.models import DirectoryPage

from .models import ContactSettings, ContentPage, HomePage

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
                    "Ta kontakt",
                    "<p>Skriv til {coordinator_name} på "
                    '<a href="mailto:{coordinator_email}">{coordinator_email}</a> hvis du vil starte en '
                    "gruppe, eller hvis du vet om et behov der du bor. Senere vil du også kunne melde "
                    "interesse for en gruppe direkte her på nettstedet.</p>",
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
                    "Get in touch",
                    "<p>Write to {coordinator_name} at "
                    '<a href="mailto:{coordinator_email}">{coordinator_email}</a> if you would like to start a '
                    "group, or if you know of a need where you live. Later you will also be able to register "
                    "your interest in a group here on the site.</p>",
                ),
            ),
        ],
    },
}

# Every sentence here must stay true of the code: groups.services.contact_message_send,
# outbox.services (wiped once delivered, purged after 30 days) and the session and CSRF settings.
PRIVACY = {
    "nb": {
        "title": "Personvern",
        "slug": "personvern",
        "intro": (
            "Her forteller vi hvilke opplysninger Samhold behandler når du bruker nettstedet, "
            "hvorfor vi gjør det, og hvor lenge vi tar vare på dem."
        ),
        "body": [
            ("heading", "Når du leser sidene"),
            (
                "paragraph",
                "<p>Du kan søke etter grupper og lese alle sidene uten å logge inn og uten å oppgi noe om "
                "deg selv. Vi bruker ingen analyseverktøy, og sidene henter ikke skrifttyper, skript "
                "eller kart fra andre nettsteder. Besøket ditt blir derfor ikke delt med andre.</p>"
                "<p>Vi setter ingen informasjonskapsler (cookies) når du leser sidene. På sider med "
                "skjema, som kontaktskjemaet på en gruppeside, setter vi én nødvendig "
                "informasjonskapsel som beskytter skjemaet mot misbruk. Den sier ingenting om hvem du "
                "er. Hvis du logger inn som igangsetter eller redaktør, bruker vi i tillegg en "
                "innloggingskapsel som slettes når du lukker nettleseren.</p>",
            ),
            ("heading", "Når du skriver til en gruppe"),
            (
                "paragraph",
                "<p>Kontaktskjemaet på en gruppeside sender navnet ditt, e-postadressen din og meldingen "
                "din på e-post til gruppas kontaktperson. E-postadressen din står som svaradresse, slik "
                "at kontaktpersonen kan svare deg direkte. Svaret går rett fra kontaktpersonen til deg, "
                "og Samhold ser det ikke. Vi sender meldingen bare hvis du samtykker til det i skjemaet.</p>"
                "<p>Bare det å ta kontakt med en selvhjelpsgruppe kan si noe om helsen din. Skriv ikke "
                "mer enn du ønsker. Kontaktpersonen er som regel et medlem av gruppa eller den som "
                "hjelper gruppa i gang, og blir bedt om å behandle det du skriver fortrolig.</p>"
                "<p>Dette lagrer vi:</p>"
                "<ul><li>Navnet ditt, e-postadressen din og meldingen ligger hos oss bare til e-posten er "
                "levert. Da sletter vi mottakeradressen, svaradressen og selve meldingen. Hvis e-posten "
                "ikke lar seg levere selv etter mange forsøk, slettes den etter sju dager.</li>"
                "<li>Vi beholder at en e-post av denne typen er sendt, med tidspunkt og emnefeltet, som "
                "nevner gruppas navn. Dette slettes etter 30 dager.</li>"
                "<li>For å hindre misbruk lagrer vi en nøkkelbasert kode (hash) laget av IP-adressen "
                "din, sammen med hvilken gruppe du skrev til. Selve IP-adressen lagrer vi ikke. Koden "
                "brukes bare til å begrense hvor mange meldinger som kan sendes, og slettes etter to "
                "døgn.</li></ul>",
            ),
            (
                "paragraph",
                "<p>Senere vil du kunne melde interesse for en gruppe som ikke finnes ennå, og melde deg "
                "på informasjonsmøter. Før det kommer, skriver vi her hvilke opplysninger det krever, "
                "og hvor lenge vi tar vare på dem.</p>",
            ),
            (
                "callout",
                (
                    "Spørsmål om opplysningene dine",
                    "<p>Du kan når som helst spørre hva vi har lagret om deg, og be om innsyn, retting "
                    "eller sletting. Skriv til {coordinator_name} på "
                    '<a href="mailto:{coordinator_email}">{coordinator_email}</a>. Fordi vi sletter '
                    "meldinger så snart de er levert, har vi som regel ingenting om deg å vise. Du kan "
                    "også klage til Datatilsynet.</p>",
                ),
            ),
        ],
    },
    "en": {
        "title": "Privacy",
        "slug": "privacy",
        "intro": (
            "Here we explain what information Samhold processes when you use the site, why we do it, "
            "and how long we keep it."
        ),
        "body": [
            ("heading", "When you read the pages"),
            (
                "paragraph",
                "<p>You can search for groups and read every page without logging in and without telling "
                "us anything about yourself. We use no analytics, and the pages load no fonts, scripts "
                "or maps from other sites. Your visit is therefore not shared with anyone else.</p>"
                "<p>We set no cookies while you read the pages. On pages with a form, such as the contact "
                "form on a group page, we set one necessary cookie that protects the form against "
                "misuse. It says nothing about who you are. If you log in as a facilitator or editor, we "
                "also use a login cookie that is deleted when you close the browser.</p>",
            ),
            ("heading", "When you write to a group"),
            (
                "paragraph",
                "<p>The contact form on a group page sends your name, your e-mail address and your "
                "message by e-mail to the group's contact person. Your e-mail address is set as the "
                "reply-to address, so the contact person can answer you directly. The answer goes "
                "straight from the contact person to you, and Samhold does not see it. We send the "
                "message only if you consent to it in the form.</p>"
                "<p>Just getting in touch with a self-help group can say something about your health. "
                "Write no more than you want to. The contact person is usually a member of the group or "
                "the person helping it start, and is asked to treat what you write in confidence.</p>"
                "<p>This is what we keep:</p>"
                "<ul><li>Your name, your e-mail address and your message stay with us only until the "
                "e-mail has been delivered. Then we delete the recipient's address, the reply-to address "
                "and the message itself. If the e-mail cannot be delivered even after many attempts, "
                "it is deleted after seven days.</li>"
                "<li>We keep a record that an e-mail of this kind was sent, with the time and the subject "
                "line, which names the group. This is deleted after 30 days.</li>"
                "<li>To prevent misuse we keep a keyed code (hash) made from your IP address, together "
                "with the group you wrote to. We do not store the IP address itself. The code is used "
                "only to limit how many messages can be sent, and is deleted after two days.</li></ul>",
            ),
            (
                "paragraph",
                "<p>Later you will be able to register interest in a group that does not exist yet, and "
                "sign up for information meetings. Before that arrives, we will describe here what "
                "information it needs and how long we keep it.</p>",
            ),
            (
                "callout",
                (
                    "Questions about your information",
                    "<p>You can ask at any time what we hold about you, and ask for access, correction or "
                    "deletion. Write to {coordinator_name} at "
                    '<a href="mailto:{coordinator_email}">{coordinator_email}</a>. Because we delete '
                    "messages as soon as they are delivered, we usually have nothing about you to show. "
                    "You may also complain to the Norwegian Data Protection Authority (Datatilsynet).</p>",
                ),
            ),
        ],
    },
}

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
    return home


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
