"""The demonstration campaign, from the facts on ISHR's 2023 #EndReprisals campaign page (the
project seed), written in our own words. Nothing is invented: dates are those the page gives
for each event; the campaign's start is the earliest dated event on that page (not an
announced launch date) and it has no end date.
"""

import datetime

CAMPAIGN = {
    "slug": "endreprisals-2023",
    "title": "#EndReprisals: no one should be punished for speaking to the UN",
    "tagline": (
        "Five cases of people who paid a price for cooperating with the United Nations, and what "
        "States can do about them."
    ),
    "story": (
        "Human rights defenders bring the UN what it cannot see from Geneva or New York: what is "
        "happening to people on the ground. Treaty bodies, special procedures and the Human Rights "
        "Council take better decisions because of them, and everyone should be able to reach these "
        "bodies safely.\n\n"
        "Some governments prefer not to be looked at. They stop defenders from travelling, open "
        "criminal cases against them, threaten their families, lock them up or worse, so that others "
        "think twice before speaking to the UN. The Secretary-General documents such acts every year, "
        "yet many cases never reach his report and few States name the people concerned.\n\n"
        "This campaign asks States to speak up: to condemn intimidation and reprisals in public, to "
        "name the people targeted when they take the floor at the UN, and to hold their peers to "
        "account. It features five situations that show what is at stake."
    ),
    "asks": "\n".join(
        [
            "Everyone can contact and cooperate with the United Nations safely and without obstacles.",
            "States and other actors stop intimidating and punishing people who engage with the UN.",
            "States condemn reprisals publicly and raise individual cases by name, including those of their peers.",
            "The Secretary-General's annual report on reprisals records every documented case.",
            "The UN responds to each case, supports the people affected and presses for accountability and redress.",
        ]
    ),
    "starts_on": datetime.date(2023, 6, 4),
    "ends_on": None,
    "is_published": True,
}

# (country ISO code, words of the case title as loaded by `load_demo`, blurb)
FEATURED = [
    (
        "NI",
        "Anexa Alfred Cunningham",
        "A Miskitu lawyer and UN expert on Indigenous peoples' rights, locked out of her own country "
        "since July 2022 after a UN session in Geneva, away from her children.",
    ),
    (
        "AD",
        "Vanessa Mendoza",
        "A psychologist who told a UN committee about Andorra's total abortion ban, and was then "
        "prosecuted over what her association reported.",
    ),
    (
        "DJ",
        "Kadar Abdi Ibrahim",
        "A journalist and teacher whose passport was taken by security agents days after UN advocacy "
        "in Geneva in 2018, and never returned.",
    ),
    (
        "HK",
        "Civil Human Rights Front",
        "A coalition questioned by police over a letter it sent to the UN human rights chief, then "
        "forced to disband; a sign of how the National Security Law chills contact with the UN.",
    ),
    (
        "AE",
        "Amina al-Abdouli",
        "Two women given extra prison time after telling UN experts how they were treated in detention.",
    ),
]

EMAIL_ACTION = {
    "slug": "write-to-missions",
    "title": "Ask States' missions in New York to take up the five cases",
    "intro": (
        "A cross-regional group of States co-sponsors the UN resolutions on reprisals. Ask their "
        "missions in New York to match that commitment by naming the people in these five cases when "
        "reprisals are discussed at the UN."
    ),
    "city": "new_york",
    "subject": "Reprisals against people who cooperate with the UN: five cases for {state} to raise",
    "letter_body": (
        "Excellency,\n\n"
        "I am writing because people who cooperate with the United Nations on human rights keep "
        "being punished for it, through travel bans, prosecutions, threats and detention. When they "
        "are silenced, the UN loses the information it depends on.\n\n"
        "I ask {state} to condemn intimidation and reprisals publicly, and to name the people "
        "affected whenever it speaks on the subject at the United Nations, including in the General "
        "Assembly's Third Committee and the Human Rights Council."
    ),
    "ask_paragraph": (
        "{case} ({country}): please raise this case by name at the UN and call for the reprisal to end, "
        "with accountability and redress. Details: {case_url}"
    ),
    "thanks_paragraph": (
        "{case} ({country}): thank you for having already raised this case. Please keep following it "
        "up until the reprisal ends. Details: {case_url}"
    ),
    "consent_text": (
        "I agree that my name, my country and my letter are sent to the missions I ticked, with my "
        "e-mail address as the reply address, and that #EndReprisals keeps them to run this action "
        "until I ask for their erasure."
    ),
    "consent_version": "2024-1",
}

PETITION = {
    "slug": "let-anexa-go-home",
    "title": "Let Anexa Alfred Cunningham go home",
    "addressee": "The Secretary-General of the United Nations",
    "text": (
        "Anexa Alfred Cunningham, a Miskitu lawyer and member of a UN expert body on Indigenous "
        "peoples' rights, has been kept out of Nicaragua since July 2022, when she tried to fly home "
        "after a UN session.\n\n"
        "We ask the Secretary-General to press the Government of Nicaragua, publicly and in private, "
        "to let her return safely to her family and community, and to keep her case in his annual "
        "report on reprisals until it is resolved."
    ),
    "goal": 1000,
    "consent_text": (
        "I sign this petition. I agree that my name and country are delivered with it and that "
        "#EndReprisals keeps my e-mail address to confirm my signature and count it once."
    ),
    "consent_version": "2024-1",
}

MAILING_LIST = {
    "slug": "endreprisals-news",
    "name": "#EndReprisals news",
    "description": (
        "Occasional news on intimidation and reprisals at the UN, and invitations to new #EndReprisals actions."
    ),
    "consent_text": (
        "Yes, e-mail me news about reprisals at the UN and future #EndReprisals actions. I can "
        "unsubscribe at any time with one click."
    ),
    "consent_version": "2024-1",
}

UPDATES = [
    {
        "slug": "solidarity-with-hong-kong",
        "title": "Standing with Hong Kong civil society",
        "summary": (
            "On the 34th anniversary of the Tiananmen Square crackdown, the campaign team marked its "
            "solidarity with Hong Kong's civil society."
        ),
        "body": "",
        "is_milestone": False,
        "published_at": datetime.datetime(2023, 6, 4, 12, 0, tzinfo=datetime.UTC),
    },
    {
        "slug": "petition-for-anexa-delivered",
        "title": "Petition for Anexa delivered to the Secretary-General",
        "summary": (
            "On World Environment Day, a petition backing Anexa Alfred Cunningham, signed by 492 people, "
            "was handed to the UN Secretary-General."
        ),
        "body": "",
        "is_milestone": False,
        "published_at": datetime.datetime(2023, 6, 5, 12, 0, tzinfo=datetime.UTC),
    },
    {
        "slug": "states-name-cases-at-hrc54",
        "title": "Thirteen States name cases at the Human Rights Council",
        "summary": (
            "In the Council's interactive dialogue on reprisals on 28 and 29 September 2023, 13 States "
            "cited individual cases and situations concerning ten countries and territories, among them "
            "Anexa Alfred Cunningham and Hong Kong."
        ),
        "body": (
            "Cases from the previous year's campaign were also among those mentioned.\n\n"
            "At the same 54th session the Council adopted, without a vote, the draft resolution on "
            "reprisals A/HRC/54/L.30/Rev.1, which creates focal points to look into intimidation and "
            "reprisals."
        ),
        "is_milestone": True,
        "published_at": datetime.datetime(2023, 9, 29, 17, 0, tzinfo=datetime.UTC),
    },
    {
        "slug": "first-cases-named-at-third-committee",
        "title": "A first at the General Assembly's Third Committee",
        "summary": (
            "On 12 October 2023, specific cases of reprisals were raised for the first time in the Third "
            "Committee's dialogue with the Assistant Secretary-General: the United States cited Anexa "
            "Alfred Cunningham and the situation in Hong Kong."
        ),
        "body": (
            "In the same session, 80 States joined the cross-regional joint statement on reprisals led by "
            "Ireland and Uruguay in the general discussion on human rights (agenda item 71), as many as "
            "the year before."
        ),
        "is_milestone": True,
        "published_at": datetime.datetime(2023, 10, 12, 17, 0, tzinfo=datetime.UTC),
    },
]
