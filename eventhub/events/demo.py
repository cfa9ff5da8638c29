"""The demo event: the IPU's virtual meeting "Creating a safe cyberspace for democracy"
of 6 December 2022 (facts from the concept note; texts in the project's own words).

``load_demo_event()`` is idempotent: it creates the event or brings it back to these
facts without touching registrations, through the same operations as the console and
the API (``eventhub.events.operations``). ``load_practice_copy()`` adds a published
clone on the next 6 December, for newcomers to try every step.
"""
from __future__ import annotations

import datetime as dt

import pytz

from .models import Event

DEMO_SLUG = "safe-cyberspace-2022"
REFERENCE_ZONE = "Europe/Zurich"

ORGANISER = {
    "en": "Inter-Parliamentary Union",
    "fr": "Union interparlementaire",
    "es": "Unión Interparlamentaria",
    "ar": "الاتحاد البرلماني الدولي",
}

TITLE = {
    "en": "Creating a safe cyberspace for democracy",
    "fr": "Créer un cyberespace sûr pour la démocratie",
    "es": "Crear un ciberespacio seguro para la democracia",
    "ar": "إقامة فضاء إلكتروني آمن للديمقراطية",
}

SUBTITLE = {
    "en": "Parliamentary inputs to the negotiations on a United Nations convention on cybercrime: "
          "virtual meeting with the Chair of the United Nations Ad Hoc Committee",
    "fr": "Contributions parlementaires aux négociations sur une convention des Nations Unies "
          "sur la cybercriminalité : réunion virtuelle avec la présidence du Comité spécial des Nations Unies",
    "es": "Aportes parlamentarios a las negociaciones de una convención de las Naciones Unidas "
          "sobre la ciberdelincuencia: reunión virtual con la Presidencia del Comité Especial de las Naciones Unidas",
    "ar": "مساهمات برلمانية في المفاوضات بشأن اتفاقية الأمم المتحدة لمكافحة الجريمة الإلكترونية: "
          "اجتماع عبر الإنترنت مع رئاسة لجنة الأمم المتحدة المخصصة",
}

SUMMARY = {
    "en": (
        "Critical services such as electricity, water, banking, transport and hospitals now depend on "
        "digital technologies and the internet. This dependence brings the risk of cybercrime against "
        "individuals and society as a whole, a risk that grew markedly during the COVID-19 pandemic.\n\n"
        "As representatives of the people, parliamentarians are in the front line against cybercrime "
        "through their legislative, oversight, budgetary and representative functions. Parliaments "
        "themselves are targets of cyberattacks and should be recognized as critical infrastructure.\n\n"
        "This virtual meeting gives members of parliament the opportunity to inform the Chair of the "
        "United Nations Ad Hoc Committee negotiating the convention on cybercrime of the needs of "
        "parliaments and their members, and to put forward practical recommendations for a safe "
        "cyberspace that respects individual rights and freedoms."
    ),
    "fr": (
        "Des services essentiels tels que l'électricité, l'eau, les banques, les transports et les "
        "hôpitaux dépendent désormais des technologies numériques et d'Internet. Cette dépendance "
        "s'accompagne d'un risque de cybercriminalité visant les personnes comme la société dans son "
        "ensemble, risque qui s'est nettement accru pendant la pandémie de COVID-19.\n\n"
        "En tant que représentants du peuple, les parlementaires sont en première ligne face à la "
        "cybercriminalité, par leurs fonctions législative, de contrôle, budgétaire et de représentation. "
        "Les parlements eux-mêmes sont la cible de cyberattaques et devraient être reconnus comme des "
        "infrastructures critiques.\n\n"
        "Cette réunion virtuelle offre aux parlementaires l'occasion d'informer la présidence du Comité "
        "spécial des Nations Unies chargé de négocier la convention sur la cybercriminalité des besoins "
        "des parlements et de leurs membres, et de formuler des recommandations concrètes en faveur d'un "
        "cyberespace sûr, respectueux des droits et libertés individuels."
    ),
    "es": (
        "Servicios esenciales como la electricidad, el agua, la banca, el transporte y los hospitales "
        "dependen hoy de las tecnologías digitales y de Internet. Esta dependencia conlleva el riesgo de "
        "delitos cibernéticos contra las personas y contra la sociedad en su conjunto, un riesgo que "
        "aumentó notablemente durante la pandemia de COVID-19.\n\n"
        "Como representantes del pueblo, los parlamentarios están en primera línea frente a la "
        "ciberdelincuencia mediante sus funciones legislativa, de control, presupuestaria y de "
        "representación. Los propios parlamentos son blanco de ciberataques y deberían ser reconocidos "
        "como infraestructura crítica.\n\n"
        "Esta reunión virtual ofrece a los parlamentarios la oportunidad de informar a la Presidencia del "
        "Comité Especial de las Naciones Unidas encargado de negociar la convención sobre la "
        "ciberdelincuencia acerca de las necesidades de los parlamentos y de sus miembros, y de formular "
        "recomendaciones concretas para un ciberespacio seguro que respete los derechos y las libertades "
        "individuales."
    ),
    "ar": (
        "باتت الخدمات الأساسية، مثل الكهرباء والمياه والمصارف والنقل والمستشفيات، تعتمد على التكنولوجيات "
        "الرقمية والإنترنت. ويحمل هذا الاعتماد خطر الجرائم الإلكترونية التي تستهدف الأفراد والمجتمع ككل، "
        "وهو خطر تزايد بشكل ملحوظ خلال جائحة كوفيد-19.\n\n"
        "والبرلمانيون، بصفتهم ممثلي الشعب، في طليعة التصدي للجريمة الإلكترونية من خلال وظائفهم التشريعية "
        "والرقابية والمالية والتمثيلية. والبرلمانات نفسها مستهدفة بالهجمات الإلكترونية، وينبغي الاعتراف "
        "بها بوصفها من البنى التحتية الحيوية.\n\n"
        "ويتيح هذا الاجتماع عبر الإنترنت للبرلمانيين فرصة لإطلاع رئاسة لجنة الأمم المتحدة المخصصة التي "
        "تتفاوض بشأن اتفاقية الجريمة الإلكترونية على احتياجات البرلمانات وأعضائها، وتقديم توصيات عملية من "
        "أجل فضاء إلكتروني آمن يحترم الحقوق والحريات الفردية."
    ),
}

FORMAT_NOTE = {
    "en": "The meeting is held in two sessions so that participants in every time zone can take part. "
          "Session 1 is held in English only. Session 2 is held in English, French, Spanish and Arabic, "
          "with simultaneous interpretation.",
    "fr": "La réunion se tient en deux séances afin de permettre la participation depuis tous les fuseaux "
          "horaires. La séance 1 se déroule en anglais uniquement. La séance 2 se déroule en anglais, en "
          "français, en espagnol et en arabe, avec interprétation simultanée.",
    "es": "La reunión se celebra en dos sesiones para facilitar la participación desde todos los husos "
          "horarios. La sesión 1 se celebra únicamente en inglés. La sesión 2 se celebra en inglés, francés, "
          "español y árabe, con interpretación simultánea.",
    "ar": "يُعقد الاجتماع في جلستين لتمكين المشاركين من مختلف المناطق الزمنية من الحضور. تُعقد الجلسة 1 "
          "باللغة الإنجليزية فقط، وتُعقد الجلسة 2 باللغات الإنجليزية والفرنسية والإسبانية والعربية مع "
          "توفير الترجمة الفورية.",
}

OBJECTIVES = [
    (
        {
            "en": "To raise awareness of the risks and consequences of cybercrime for citizens and critical infrastructure.",
            "fr": "Sensibiliser aux risques et aux conséquences de la cybercriminalité pour les citoyens et les infrastructures critiques.",
            "es": "Sensibilizar sobre los riesgos y las consecuencias de la ciberdelincuencia para la ciudadanía y las infraestructuras críticas.",
            "ar": "التوعية بمخاطر الجريمة الإلكترونية وعواقبها على المواطنين والبنى التحتية الحيوية.",
        },
        {"en": "Risks and consequences", "fr": "Risques et conséquences",
         "es": "Riesgos y consecuencias", "ar": "المخاطر والعواقب"},
    ),
    (
        {
            "en": "To share good parliamentary practices and effective policies for addressing cybercrime.",
            "fr": "Partager les bonnes pratiques parlementaires et les politiques efficaces de lutte contre la cybercriminalité.",
            "es": "Compartir buenas prácticas parlamentarias y políticas eficaces para hacer frente a la ciberdelincuencia.",
            "ar": "تبادل الممارسات البرلمانية الجيدة والسياسات الفعالة في مجال التصدي للجريمة الإلكترونية.",
        },
        {"en": "Good parliamentary practices", "fr": "Bonnes pratiques parlementaires",
         "es": "Buenas prácticas parlamentarias", "ar": "الممارسات البرلمانية الجيدة"},
    ),
    (
        {
            "en": "To identify and communicate the provisions that parliamentarians wish to see in the convention, "
                  "in particular on the protection of citizens online and the recognition of parliaments as critical infrastructure.",
            "fr": "Définir et faire connaître les dispositions que les parlementaires souhaitent voir figurer dans la convention, "
                  "notamment en matière de protection des citoyens en ligne et de reconnaissance des parlements comme infrastructures critiques.",
            "es": "Determinar y comunicar las disposiciones que los parlamentarios desean ver incluidas en la convención, "
                  "en particular sobre la protección de la ciudadanía en línea y el reconocimiento de los parlamentos como infraestructura crítica.",
            "ar": "تحديد الأحكام التي يود البرلمانيون إدراجها في الاتفاقية والتعريف بها، ولا سيما ما يتعلق بحماية "
                  "المواطنين في الفضاء الإلكتروني والاعتراف بالبرلمانات بوصفها من البنى التحتية الحيوية.",
        },
        {"en": "Provisions for the convention", "fr": "Dispositions pour la convention",
         "es": "Disposiciones para la convención", "ar": "أحكام الاتفاقية"},
    ),
]


# The concept note's English and Arabic halves disagree on a few characters of each
# link (scanning noise: "dmEN"/"dMEN", an extra "I", "ql"/"qL", "tg"/"tq"). We keep
# the English half's links: both have Zoom's exact 22-character WN_ token shape.
# Times are the organiser's wall clock in Geneva, as an organiser types them.
SESSIONS = [
    dict(
        number=1,
        starts_local="2022-12-06T07:00",
        ends_local="2022-12-06T09:00",
        region={
            "en": "Timed for the Asia/Pacific region",
            "fr": "Horaire adapté à la région Asie-Pacifique",
            "es": "Horario pensado para la región de Asia y el Pacífico",
            "ar": "موعد مناسب لمنطقة آسيا والمحيط الهادئ",
        },
        floor_language="en",
        interpretation_languages=[],
        zoom_registration_url="https://us06web.zoom.us/webinar/register/WN_dMEN_hv2QGO5vUyrHFry0g",
    ),
    dict(
        number=2,
        starts_local="2022-12-06T16:30",
        ends_local="2022-12-06T18:30",
        region={
            "en": "Timed for Africa, Europe and the Americas",
            "fr": "Horaire adapté à l'Afrique, à l'Europe et aux Amériques",
            "es": "Horario pensado para África, Europa y las Américas",
            "ar": "موعد مناسب لأفريقيا وأوروبا والأمريكتين",
        },
        floor_language="en",
        interpretation_languages=["en", "fr", "es", "ar"],
        zoom_registration_url="https://us06web.zoom.us/webinar/register/WN_HYpQIITqR_uSqLUt0Zj9tq",
    ),
]

#: The practice copy: ``safe-cyberspace-practice-<year>`` on the next 6 December.
PRACTICE_SLUG = "safe-cyberspace-practice-{year}"
DEMO_ACTOR_NAME = "demo"


def _actor():
    from eventhub.audit.services import Actor

    return Actor(DEMO_ACTOR_NAME, via="cli")


def demo_fields() -> dict:
    return {
        "slug": DEMO_SLUG, "reference_timezone": REFERENCE_ZONE, "organiser": ORGANISER,
        "title": TITLE, "subtitle": SUBTITLE, "summary": SUMMARY, "format_note": FORMAT_NOTE,
        "objectives": [{"text": text, "short_label": label} for text, label in OBJECTIVES],
    }


def load_demo_event() -> tuple[Event, bool]:
    """Create or refresh the 2022 consultation through the authoring operations (as an
    organiser would: no special path); returns (event, created). Refreshing puts its
    facts back without touching registrations or the organiser's publication choice."""
    from .operations import add_session, create_event, edit_session, update_event
    from .services import get_event

    event = get_event(DEMO_SLUG)
    if event is None:
        event = create_event({**demo_fields(), "status": "published", "sessions": SESSIONS},
                             actor=_actor())
        return event, True
    fields = demo_fields()
    fields.pop("slug")
    update_event(event, fields, actor=_actor())
    for facts in SESSIONS:
        session = event.session_by_number(facts["number"])
        if session is None:
            add_session(event, facts, actor=_actor())
        else:
            # A changed time or link raises the calendar revision and tells the other
            # domains, as an edit in the console would.
            edit_session(session, {k: value for k, value in facts.items() if k != "number"},
                         actor=_actor())
    return event, False


def next_sixth_of_december(today: dt.date) -> dt.date:
    """The first 6 December after ``today``."""
    day = dt.date(today.year, 12, 6)
    return day if day > today else dt.date(today.year + 1, 12, 6)


def load_practice_copy(today: dt.date | None = None) -> tuple[Event, bool]:
    """A published copy of the demo, made by the clone operation, on the next
    6 December after ``today`` (default: today in Geneva), same local times; kept as it is
    when it exists already. Returns (event, created)."""
    from .clock import now
    from .operations import clone_event, publish_event
    from .services import get_event

    source, _created = load_demo_event()
    if today is None:
        today = now().astimezone(pytz.timezone(REFERENCE_ZONE)).date()
    day = next_sixth_of_december(today)
    slug = PRACTICE_SLUG.format(year=day.year)
    existing = get_event(slug)
    if existing is not None:
        return existing, False
    clone = clone_event(source, slug, day, actor=_actor())
    publish_event(clone, actor=_actor())
    return clone, True
