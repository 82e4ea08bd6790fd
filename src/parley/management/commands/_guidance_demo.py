"""Demo guidance for `parley demo`: principles under consultation (with a draft version 2),
and a second document whose consultation closed, with its response and version 2.

One story, dated back from today: the principles' consultation opened OPENED days ago (the
post announcing it is dated that day) and every comment falls inside its window; the
correspondence standards were consulted on months ago, published, adopted by a council,
and replaced by version 2 two weeks ago."""

from datetime import datetime, timedelta
from io import StringIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from parley import spreadsheets
from parley.accounts.models import User
from parley.consultations import imports, publication
from parley.consultations import services as consultations
from parley.consultations import tokens as consultation_tokens
from parley.consultations.models import Answer
from parley.consultations.models import Response as FormalResponse
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Discussion, Outcome
from parley.files import services as files
from parley.files.simple_pdf import text_pdf
from parley.guidance import services
from parley.guidance.models import Clause, Response, Version
from parley.management.commands import _wiki_demo as wiki_demo
from parley.moderation import services as moderation
from parley.organisations.models import Organisation

PRINCIPLES = [
    (
        "Be clear about your role",
        "Say when you speak for your organisation and when you speak "
        "for yourself, and do not let one be mistaken for the other.",
    ),
    (
        "Keep to the standards you follow at work",
        "Impartiality, courtesy and respect apply online as they do in a meeting room.",
    ),
    (
        "Think before you share",
        "Check facts and sources before you post or share, and remember "
        "that what you post can be copied and kept.",
    ),
    (
        "Treat social media as just another channel",
        "Plan for online channels as you would for any other way of reaching people.",
    ),
    (
        "Protect people's information",
        "Never share personal or sensitive details about the people you serve or work with.",
    ),
    ("Ask when unsure", "Your communications team would rather help early than fix things later."),
]

# The Welsh version of each principle (heading, text), in the same order.
PRINCIPLES_CY = [
    (
        "Byddwch yn glir am eich rôl",
        "Dywedwch pan fyddwch yn siarad ar ran eich sefydliad a phan fyddwch yn siarad drosoch "
        "eich hun, a pheidiwch â gadael i’r naill gael ei gamgymryd am y llall.",
    ),
    (
        "Cadwch at y safonau rydych yn eu dilyn yn y gwaith",
        "Mae didueddrwydd, cwrteisi a pharch yn berthnasol ar-lein fel y maen nhw mewn "
        "ystafell gyfarfod.",
    ),
    (
        "Meddyliwch cyn rhannu",
        "Gwiriwch ffeithiau a ffynonellau cyn postio neu rannu, a chofiwch y gall yr hyn rydych "
        "yn ei bostio gael ei gopïo a’i gadw.",
    ),
    (
        "Trin y cyfryngau cymdeithasol fel unrhyw sianel arall",
        "Cynlluniwch ar gyfer sianeli ar-lein fel y byddech ar gyfer unrhyw ffordd arall o "
        "gyrraedd pobl.",
    ),
    (
        "Diogelwch wybodaeth pobl",
        "Peidiwch byth â rhannu manylion personol neu sensitif am y bobl rydych yn eu "
        "gwasanaethu neu’n gweithio gyda nhw.",
    ),
    (
        "Gofynnwch os nad ydych yn siŵr",
        "Byddai’n well gan eich tîm cyfathrebu helpu’n gynnar na thrwsio pethau’n nes ymlaen.",
    ),
]

CLAUSE_COMMENTS = [
    # (clause number, author key, stance, quote, body)
    ("1", "priya", "support", "", "Clear and short. An example of a good profile line would help."),
    (
        "1",
        "tom",
        "neutral",
        "do not let one be mistaken for the other",
        "This needs a practical step: say what to do when it happens anyway.",
    ),
    (
        "2",
        "ceri",
        "support",
        "",
        "Agreed, and it should say that this includes replies in private groups.",
    ),
    (
        "4",
        "tom",
        "oppose",
        "just another channel",
        "Principle 4 asks us to treat "
        "social media as just another channel. It is not: people expect answers in hours, "
        "not weeks.",
    ),
    (
        "4",
        "dev",
        "oppose",
        "",
        "Treating it as one more channel is how it ends up unstaffed at "
        "weekends. Please reword this.",
    ),
    (
        "4",
        "priya",
        "neutral",
        "",
        "Maybe: treat online channels as part of the job, with the time and training that needs.",
    ),
    ("6", "amara", "support", "", "Yes. Name who to ask, or people will not."),
]

CORRESPONDENCE = [
    (
        "Reply within 20 working days",
        "Answer letters and e-mails from the public within 20 working days.",
    ),
    (
        "Use plain English",
        "Write so that the person can understand the answer the first time they read it.",
    ),
    ("Sign with a name", "Every reply carries the name of a person who can be contacted."),
    ("Keep a record", "Keep a copy of every reply with the letter it answers."),
]


OPENED = timedelta(days=10)  # the principles' consultation opened this long ago
# The correspondence standards: consulted on, published, adopted, then version 2 published.
LETTERS_OPENED = timedelta(days=120)
LETTERS_CLOSED = timedelta(days=90)
LETTERS_PUBLISHED = timedelta(days=80)
COUNCIL_ADOPTED = timedelta(days=70)
SECOND_PUBLISHED = timedelta(days=14)


IMPACT_ASSESSMENT = (
    "Impact assessment: Principles for taking part online",
    "",
    "Who is affected: everyone who works for the Office, about 1,200 people.",
    "Equality: no group is treated less favourably; staff with disabilities may need",
    "adjustments to answer online within hours (principle 4).",
    "Welsh language: staff answer in Welsh when they are written to in Welsh.",
    "Costs: training for 40 team leaders in the first year.",
)


def impact_assessment_pdf() -> bytes:
    """A one-page PDF of IMPACT_ASSESSMENT, written out by hand: no PDF library needed."""

    def text(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    shown = "\n".join(f"({text(line)}) Tj 0 -16 Td" for line in IMPACT_ASSESSMENT)
    content = f"BT /F1 11 Tf 56 780 Td {shown} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def dated(comment: Comment, when: datetime) -> Comment:
    """Give a demo comment the moment it was written in the story."""
    Comment.objects.filter(pk=comment.pk).update(created_at=when)
    comment.created_at = when
    return comment


GUESTS = {
    "tom": ("Tom Hughes", "tom@demo.invalid"),
    "ceri": ("Ceri Jones", "ceri@demo.invalid"),
    "dev": ("Dev Patel", "dev@demo.invalid"),
    "amara": ("Amara Okoye", "amara@demo.invalid"),
    "lee": ("Lee Morgan", "lee@demo.invalid"),
}


def _author(who: str, priya: User, index: int) -> discussions.Author:
    ip = f"203.0.113.{index + 1}"
    if who == "priya":
        return discussions.Author(user=priya, ip=ip)
    name, email = GUESTS[who]
    return discussions.Author(name=name, email=email, ip=ip)


def _post(
    clause: Clause, author: discussions.Author, body: str, moderator: User, **extra: Any
) -> Comment:
    comment = discussions.post_comment(
        discussion=clause.discussion,
        body=body,
        author=author,
        **extra,
    ).comment
    if comment.status != "approved":
        moderation.moderate(comment=comment, moderator=moderator, action="approve")
    return comment


def _questions(version: Version, editor: User) -> None:
    """The consultation's questions: closed and open ones, one tied to a clause, and the
    Welsh Language Standards' question on effects on the Welsh language."""
    four = version.clauses.get(number="4")
    for question in [
        consultations.QuestionIn(
            kind="scale",
            text="The principles are clear enough to follow.",
            text_cy="Mae’r egwyddorion yn ddigon clir i’w dilyn.",
            required=True,
        ),
        consultations.QuestionIn(
            kind="clause",
            text="Which principle would most change how you work?",
            text_cy="Pa egwyddor fyddai’n newid eich ffordd o weithio fwyaf?",
        ),
        consultations.QuestionIn(
            kind="single",
            text="Does your organisation give you time to answer people online?",
            text_cy="A yw eich sefydliad yn rhoi amser i chi ateb pobl ar-lein?",
            options=["Yes", "Sometimes", "No"],
            options_cy=["Ydy", "Weithiau", "Nac ydy"],
            lineage=four.lineage,
        ),
        consultations.QuestionIn(
            kind="text",
            text="What effects would the principles have on opportunities to use the Welsh "
            "language, and on treating Welsh no less favourably than English?",
            text_cy="Pa effeithiau fyddai’r egwyddorion yn eu cael ar gyfleoedd i ddefnyddio’r "
            "Gymraeg, ac ar beidio â thrin y Gymraeg yn llai ffafriol na’r Saesneg?",
            word_limit=300,
        ),
    ]:
        consultations.add_question(version=version, user=editor, question=question)


RESPONSES = [
    ("Lee Jones", "lee@example.net", "individual", "", "named", "agree", "4", "No", ""),
    (
        "Ceri Evans",
        "ceri@example.net",
        "individual",
        "",
        "anonymous",
        "strongly_agree",
        "1",
        "Sometimes",
        "Replies in Welsh should come as quickly as replies in English.",
    ),
    (
        "Dev Patel",
        "dev@example.net",
        "organisation",
        "Unison Branch 12",
        "named",
        "disagree",
        "4",
        "No",
        "",
    ),
    ("Sam Hughes", "sam@example.net", "individual", "", "confidential", "neither", "3", "Yes", ""),
]


# Twenty-five more respondents, so that the analyst's page and the summary have numbers to
# show: every fifth answers for an organisation, consents in a steady mix.
MORE_NAMES = [
    "Aled Morgan", "Bethan Price", "Carys Lloyd", "Dafydd Rees", "Eleri Thomas",
    "Ffion Davies", "Gareth Owen", "Hywel Jenkins", "Iwan Roberts", "Jac Powell",
    "Kate Bennett", "Llinos Griffiths", "Mared Edwards", "Nia Phillips", "Owain Parry",
    "Rhian Lewis", "Siôn Harris", "Tomos Walker", "Wyn Bowen", "Zara Khan",
    "Amir Hussain", "Grace Okafor", "Joanna Nowak", "Luis Fernández", "Mei Chen",
]  # fmt: skip
MORE_ORGANISATIONS = [
    "Cardiff Digital Inclusion Network",
    "Powys Tenants Forum",
    "Wales Council for Voluntary Action",
    "Swansea Youth Council",
    "North Wales Police Federation",
]
SCALE_ROTATION = [
    "agree",
    "strongly_agree",
    "agree",
    "neither",
    "disagree",
    "agree",
    "strongly_disagree",
]
CONSENT_ROTATION = ["named", "anonymous", "named", "confidential", "anonymous"]
WELSH_EFFECTS = [
    "",
    "Bilingual accounts should answer in the language they are written to.",
    "Small teams will struggle to reply in Welsh at weekends; say what people can expect.",
    "",
    "Positive, if posts are written in Welsh first rather than translated afterwards.",
]


def _more_respondents() -> list[tuple[str, str, str, str, str, str, str, str, str]]:
    rows = []
    for index, name in enumerate(MORE_NAMES):
        on_behalf = index % 5 == 4
        rows.append(
            (
                name,
                name.lower().replace(" ", ".").replace("ô", "o").replace("á", "a") + "@example.net",
                "organisation" if on_behalf else "individual",
                MORE_ORGANISATIONS[index // 5] if on_behalf else "",
                CONSENT_ROTATION[index % len(CONSENT_ROTATION)],
                SCALE_ROTATION[index % len(SCALE_ROTATION)],
                str(index % 6 + 1),
                ("Yes", "Sometimes", "No", "Sometimes")[index % 4],
                WELSH_EFFECTS[index % len(WELSH_EFFECTS)],
            )
        )
    return rows


# The organisation that answered "see attached", as organisations do.
ATTACHED_BY = "Unison Branch 12"
BRANCH_RESPONSE = [
    [
        "Unison Branch 12: response to Principles for taking part online",
        "",
        "We represent 340 members in the Office's regional teams.",
        "Principle 4 asks staff to answer within hours. Our members cannot promise that",
        "outside their working hours, and should not be asked to.",
        "We ask for a named rota, agreed with the branch, for evenings and weekends.",
    ],
    [
        "Training",
        "",
        "Every member who posts for the Office should be trained before they start, in",
        "working time, including on handling abuse and when to stop replying.",
    ],
]


def _guest_responds(
    version: Version,
    respondent: consultations.Respondent,
    consent: str,
    answers: list[consultations.AnswerIn],
    *,
    letter: bool = False,
) -> None:
    """A guest's response, counted as if they had followed the link e-mailed to them; with
    a `letter`, the branch's letter attached as a PDF."""
    attachments = (
        [SimpleUploadedFile("branch-12-response.pdf", text_pdf(BRANCH_RESPONSE))] if letter else []
    )
    responded = consultations.respond(
        version=version,
        respondent=respondent,
        consent=consent,
        answers=answers,
        attachments=attachments,
    )
    consultations.confirm_response(token=consultation_tokens.confirm_token(responded.response))


def _responses(version: Version, priya: User) -> None:
    """Thirty formal responses, from individuals and organisations, all three consents."""
    answers = consultations.AnswerIn
    for name, email, kind, organisation, consent, scale, clause, time, welsh in (
        RESPONSES + _more_respondents()
    ):
        _guest_responds(
            version,
            consultations.Respondent(
                name=name, email=email, type=kind, organisation=organisation, language="en-gb"
            ),
            consent,
            [
                answers(question=1, choice=scale),
                answers(question=2, choice=clause),
                answers(question=3, choice=time),
                answers(question=4, text=welsh),
            ],
            letter=organisation == ATTACHED_BY,
        )
    consultations.respond(
        version=version,
        respondent=consultations.Respondent(user=priya, language="en-gb"),
        consent="named",
        answers=[answers(question=1, choice="agree"), answers(question=2, choice="6")],
    )


POSTCARD = (
    "Please answer people in Welsh as quickly as in English, and say who is answering. "
    "Sent by post as part of the Cymraeg Cyntaf postcard campaign."
)
# The same letter sent online: the insights join these comments and the twenty postcards
# typed in by staff into one campaign (docs/insights.md, "Formal responses").
ONLINE_POSTCARDS = [
    ("Eleri Wynne", POSTCARD.replace("Sent by post", "Sent online")),
    (
        "Rhodri Bevan",
        POSTCARD.replace("Sent by post", "Signed online")
        + " My mother waited three weeks for a Welsh reply last year.",
    ),
]
POSTAL_NAMES = [
    "Alun Morgan",
    "Bethan Price",
    "Cai Roberts",
    "Delyth Owen",
    "Emyr Lloyd",
    "Ffion Rees",
    "Gareth Powell",
    "Heledd Jenkins",
    "Iwan Thomas",
    "Jac Griffiths",
    "Lowri Edwards",
    "Meirion Davies",
    "Nia Parry",
    "Osian Bowen",
    "Pedr Howells",
    "Rhian Vaughan",
    "Siôn Pugh",
    "Tegwen Rowlands",
    "Wyn Jenkins",
    "Ynyr Hopkin",
]


def _postal_responses(version: Version, editor: User) -> None:
    """Twenty postcards typed into a spreadsheet by the campaign and imported through the
    upload page's service (`consultations.imports`), as channel "post"."""
    out = StringIO()
    sheet = spreadsheets.writer(out)
    sheet.writerow(["Postcard", "Name", "Clear?", "Time to answer?", "Welsh language"])
    for number, name in enumerate(POSTAL_NAMES, start=1):
        sheet.writerow(
            [
                f"PC-{number:03}",
                name,
                ["Agree", "Neither agree nor disagree"][number % 2],
                ["No", "Sometimes"][number % 3 == 0],
                POSTCARD,
            ]
        )
    imports.import_responses(
        version=version,
        table=imports.read_table(out.getvalue().encode(), "postcards.csv"),
        column_map=imports.ColumnMap(
            columns={
                "Postcard": "id",
                "Name": "name",
                "Clear?": "question:1",
                "Time to answer?": "question:3",
                "Welsh language": "question:4",
            },
            channel="post",
            consent="anonymous",
        ),
        by=editor,
    )


def _letters_questions(version: Version, editor: User) -> None:
    """The closed consultation's questions: a scale about clause 1 whose answers count in
    its stance (agreeing is support), a choice and an open question."""
    first = version.clauses.get(number="1")
    for question in [
        consultations.QuestionIn(
            kind="scale",
            text="Twenty working days is a reasonable time to reply.",
            text_cy="Mae ugain diwrnod gwaith yn amser rhesymol i ateb.",
            required=True,
            lineage=first.lineage,
            agreement_is_support=True,
        ),
        consultations.QuestionIn(
            kind="single",
            text="How do you usually write to us?",
            text_cy="Sut ydych chi’n ysgrifennu atom fel arfer?",
            options=["Letter", "E-mail", "Web form"],
            options_cy=["Llythyr", "E-bost", "Ffurflen ar y we"],
        ),
        consultations.QuestionIn(
            kind="text",
            text="What would make our replies more useful to you?",
            text_cy="Beth fyddai’n gwneud ein hatebion yn fwy defnyddiol i chi?",
            word_limit=200,
        ),
    ]:
        consultations.add_question(version=version, user=editor, question=question)


LETTERS_RESPONSES = [
    ("Lee Jones", "individual", "", "named", "strongly_disagree", "Letter",
     "A name and a phone number, so I can ask a follow-up question."),
    ("Ceri Evans", "individual", "", "anonymous", "disagree", "E-mail",
     "Replies in plain English. I wrote from 4 Station Road and my neighbour can confirm."),
    ("Dev Patel", "organisation", "Unison Branch 12", "named", "disagree", "E-mail",
     "Staff need time set aside to answer well; fund it, or the deadline will not hold."),
    ("Sam Hughes", "individual", "", "confidential", "agree", "Web form",
     "Twenty days is fine if the first reply says who is dealing with it."),
    ("Bethan Price", "individual", "", "named", "disagree", "Letter", ""),
    ("Powys Tenants Forum", "organisation", "Powys Tenants Forum", "anonymous", "strongly_disagree",
     "Letter", "Many of our members write by post; reply by post when that is how they wrote."),
    ("Gareth Owen", "individual", "", "named", "neither", "Web form",
     "Say what happens next and when."),
    ("Mei Chen", "individual", "", "confidential", "disagree", "E-mail", ""),
]  # fmt: skip


def _letters_responses(version: Version) -> None:
    """Eight responses to the consultation that has since closed."""
    answers = consultations.AnswerIn
    for name, kind, organisation, consent, scale, channel, text in LETTERS_RESPONSES:
        _guest_responds(
            version,
            consultations.Respondent(
                name=name,
                email=name.lower().replace(" ", ".") + "@example.org",
                type=kind,
                organisation=organisation,
                language="en-gb",
            ),
            consent,
            [
                answers(question=1, choice=scale),
                answers(question=2, choice=channel),
                answers(question=3, text=text),
            ],
        )


def _publish_letters_responses(version: Version, editor: User, moderator: User) -> None:
    """After closing: a moderator hides an address a respondent gave, then the editor
    publishes the responses as each respondent consented."""
    counted = FormalResponse.objects.counted().filter(version=version)
    address = Answer.objects.get(
        response__in=counted.filter(guest_name="Ceri Evans"), question__number=3
    )
    publication.redact(
        answer=address, moderator=moderator, passage="4 Station Road", reason="personal_data"
    )
    publication.publish_responses(version=version, user=editor)


def load(
    *,
    organisation: Organisation,
    editor: User,
    moderator: User,
    priya: User,
    password: str | None = None,
) -> None:
    now = timezone.now()

    # 1. The principles: version 1 open for comments, version 2 drafted from it.
    principles = services.create_document(
        user=editor,
        organisation=organisation,
        title="Principles for taking part online",
        summary="Six short principles for public servants who use social media, at work "
        "and in their own time.",
        title_cy="Egwyddorion ar gyfer cymryd rhan ar-lein",
        summary_cy="Chwe egwyddor fer i weision cyhoeddus sy’n defnyddio’r cyfryngau "
        "cymdeithasol, yn y gwaith ac yn eu hamser eu hunain.",
    )
    first = principles.versions.get(number=1)
    services.update_version(
        version=first,
        user=editor,
        introduction="These principles apply to everyone who works for us, on any platform. "
        "They are short on purpose: the detail lives in supporting guidance.",
        introduction_cy="Mae’r egwyddorion hyn yn berthnasol i bawb sy’n gweithio i ni, ar "
        "unrhyw blatfform. Maen nhw’n fyr yn fwriadol: mae’r manylion yn y canllawiau ategol.",
    )
    for (heading, body), (heading_cy, body_cy) in zip(PRINCIPLES, PRINCIPLES_CY, strict=True):
        services.add_clause(
            version=first,
            user=editor,
            heading=heading,
            body=body,
            heading_cy=heading_cy,
            body_cy=body_cy,
        )
    _questions(first, editor)
    files.attach_file(
        version=first,
        user=editor,
        upload=SimpleUploadedFile("impact-assessment.pdf", impact_assessment_pdf()),
        title="Impact assessment",
        title_cy="Asesiad effaith",
    )
    consultations.set_up_consultation(
        version=first, user=editor, layout="one_page", demographics=["age", "welsh_speaker"]
    )
    services.schedule_consultation(
        version=first,
        user=editor,
        opens_at=now - OPENED,
        closes_at=now - OPENED + timedelta(weeks=6),
    )
    _responses(first, priya)
    _postal_responses(first, editor)
    clauses = {c.number: c for c in first.clauses.all()}
    for index, (number, who, stance, quote, body) in enumerate(CLAUSE_COMMENTS):
        comment = _post(
            clauses[number],
            _author(who, priya, index),
            body,
            moderator,
            stance=stance,
            quote=quote,
        )
        # A comment a day from the day after opening, in the afternoon.
        dated(comment, now - OPENED + timedelta(days=1 + index, hours=5 + index))
    for n, (name, body) in enumerate(ONLINE_POSTCARDS):
        comment = _post(
            clauses["4"],
            discussions.Author(
                name=name, email=f"online{n}@demo.invalid", ip=f"203.0.113.{60 + n}"
            ),
            body,
            moderator,
            stance="support",
        )
        dated(comment, now - OPENED + timedelta(days=3, hours=10 + n))

    wiki_demo.load_model_guidance(principles=principles, editor=editor)
    second = services.create_version(document=principles, user=editor)
    four = second.clauses.get(number="4")
    services.update_clause(
        clause=four,
        user=editor,
        number="4",
        heading="Make online channels part of the job",
        body="Plan, staff and train for online channels as part of the job, not as an extra: "
        "people expect answers within hours.",
    )

    # 2. A document whose consultation has closed: its response, and version 2 published.
    letters = services.create_document(
        user=editor,
        organisation=organisation,
        title="Standards for answering public correspondence",
        summary="How quickly and how clearly we answer letters and e-mails from the public.",
    )
    old = letters.versions.get(number=1)
    for heading, body in CORRESPONDENCE:
        services.add_clause(version=old, user=editor, heading=heading, body=body)
    _letters_questions(old, editor)
    services.schedule_consultation(
        version=old,
        user=editor,
        opens_at=now - LETTERS_OPENED,
        closes_at=now + timedelta(days=1),
    )
    _letters_responses(old)
    old_clauses = {c.number: c for c in old.clauses.all()}
    asked = _post(
        old_clauses["1"],
        _author("lee", priya, 20),
        "Twenty working days is four weeks. Ten would show people they matter.",
        moderator,
        stance="oppose",
    )
    agreed = _post(
        old_clauses["3"],
        _author("ceri", priya, 21),
        "Good. A name and a direct line, not a general inbox.",
        moderator,
        stance="support",
    )
    wider = _post(
        old_clauses["2"],
        _author("dev", priya, 22),
        "Could the standards cover phone calls too?",
        moderator,
        stance="neutral",
    )
    for days, comment in zip((3, 9, 16), (asked, agreed, wider), strict=True):
        dated(comment, now - LETTERS_OPENED + timedelta(days=days, hours=3))
    Version.objects.filter(pk=old.pk).update(closes_at=now - LETTERS_CLOSED)
    discussions.update_discussions(
        Discussion.objects.filter(Q(pk=old.discussion_id) | Q(guidance_clause__version=old)),
        closes_at=now - LETTERS_CLOSED,
    )
    old.refresh_from_db()
    _publish_letters_responses(old, editor, moderator)

    new = services.create_version(document=letters, user=editor)
    services.update_clause(
        clause=new.clauses.get(number="1"),
        user=editor,
        number="1",
        heading="Reply within 10 working days",
        body="Answer letters and e-mails from the public within 10 working days, and say "
        "when to expect a full answer if it will take longer.",
    )
    services.remove_clause(clause=new.clauses.get(number="4"), user=editor)
    services.add_clause(
        version=new,
        user=editor,
        number="4",
        heading="Say how to complain",
        body="Every reply says how to complain if the person is not satisfied.",
    )
    services.publish_version(version=old, user=editor)
    Version.objects.filter(pk=old.pk).update(published_at=now - LETTERS_PUBLISHED)
    # A council adopted version 1, so publishing version 2 marks what it must review.
    wiki_demo.load_adopter(
        version=old, password=password, adopted_on=(now - COUNCIL_ADOPTED).date()
    )
    services.publish_version(version=new, user=editor)
    Version.objects.filter(pk=new.pk).update(published_at=now - SECOND_PUBLISHED)

    response = services.save_response(
        version=old,
        user=editor,
        next_version=new,
        summary="We heard from 3 people. The clearest message was that 20 working days is "
        "too long, so version 2 halves it. We also added a clause on complaints.",
        answers={
            str(old_clauses["1"].lineage): services.ClauseAnswer(
                heard="Twenty working days feels slow to the people writing to us.",
                changed="Now 10 working days, with a holding reply when it will take longer.",
                comment_ids=[asked.pk],
            ),
            str(old_clauses["3"].lineage): services.ClauseAnswer(
                heard="Support for named contacts.",
                changed="No change needed.",
                comment_ids=[agreed.pk],
            ),
        },
    )
    services.set_outcomes(
        version=old,
        user=editor,
        outcomes=[
            (asked.pk, Outcome.ADOPTED, "Version 2 sets 10 working days."),
            (agreed.pk, Outcome.ADOPTED, "Kept as it was: the clause already asks for a name."),
            (
                wider.pk,
                Outcome.OUT_OF_SCOPE,
                "Phone calls are covered by our contact centre standards.",
            ),
        ],
    )
    services.publish_response(response=response, user=editor)
    Response.objects.filter(pk=response.pk).update(published_at=now - SECOND_PUBLISHED)
