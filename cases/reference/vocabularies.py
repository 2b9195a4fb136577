"""Reference vocabularies: UN mechanisms, reprisal types and victim roles.

Names are marked with gettext_noop so the stored English name is the translation's message id
(see cases.models.taxonomy.Term.label). Curators may add terms in the admin; these are the
baseline `manage.py load_reference` creates or updates (matched by slug, never deleted).
"""

from django.utils.translation import gettext_noop as N

# (slug, name, abbreviation, group)
MECHANISMS = [
    ("human-rights-council", N("Human Rights Council"), "HRC", "council"),
    ("hrc-investigation", N("Commission of inquiry or fact-finding mission"), "", "council"),
    ("emrip", N("Expert Mechanism on the Rights of Indigenous Peoples"), "EMRIP", "council"),
    ("forum-business-human-rights", N("Forum on Business and Human Rights"), "", "council"),
    ("upr", N("Universal Periodic Review"), "UPR", "upr"),
    ("ccpr", N("Human Rights Committee"), "CCPR", "treaty_body"),
    ("cescr", N("Committee on Economic, Social and Cultural Rights"), "CESCR", "treaty_body"),
    ("cerd", N("Committee on the Elimination of Racial Discrimination"), "CERD", "treaty_body"),
    ("cedaw", N("Committee on the Elimination of Discrimination against Women"), "CEDAW", "treaty_body"),
    ("cat", N("Committee against Torture"), "CAT", "treaty_body"),
    ("spt", N("Subcommittee on Prevention of Torture"), "SPT", "treaty_body"),
    ("crc", N("Committee on the Rights of the Child"), "CRC", "treaty_body"),
    ("cmw", N("Committee on Migrant Workers"), "CMW", "treaty_body"),
    ("crpd", N("Committee on the Rights of Persons with Disabilities"), "CRPD", "treaty_body"),
    ("ced", N("Committee on Enforced Disappearances"), "CED", "treaty_body"),
    (
        "sr-defenders",
        N("Special Rapporteur on the situation of human rights defenders"),
        "",
        "special_procedure",
    ),
    ("sr-expression", N("Special Rapporteur on freedom of opinion and expression"), "", "special_procedure"),
    (
        "sr-assembly",
        N("Special Rapporteur on freedom of peaceful assembly and of association"),
        "",
        "special_procedure",
    ),
    ("sr-torture", N("Special Rapporteur on torture"), "", "special_procedure"),
    ("wgad", N("Working Group on Arbitrary Detention"), "WGAD", "special_procedure"),
    ("wgeid", N("Working Group on Enforced or Involuntary Disappearances"), "WGEID", "special_procedure"),
    (
        "sr-judges-lawyers",
        N("Special Rapporteur on the independence of judges and lawyers"),
        "",
        "special_procedure",
    ),
    ("sr-indigenous", N("Special Rapporteur on the rights of Indigenous Peoples"), "", "special_procedure"),
    (
        "sr-violence-women",
        N("Special Rapporteur on violence against women and girls"),
        "",
        "special_procedure",
    ),
    ("sr-religion", N("Special Rapporteur on freedom of religion or belief"), "", "special_procedure"),
    (
        "sr-executions",
        N("Special Rapporteur on extrajudicial, summary or arbitrary executions"),
        "",
        "special_procedure",
    ),
    (
        "sr-counter-terrorism",
        N("Special Rapporteur on human rights while countering terrorism"),
        "",
        "special_procedure",
    ),
    ("sr-environment", N("Special Rapporteur on human rights and the environment"), "", "special_procedure"),
    ("sp-country", N("Country-specific special procedure"), "", "special_procedure"),
    ("sp-other", N("Other thematic special procedure"), "", "special_procedure"),
    ("ohchr", N("Office of the High Commissioner for Human Rights"), "OHCHR", "ohchr"),
    ("ohchr-field", N("OHCHR field presence"), "", "ohchr"),
    (
        "asg-reprisals",
        N("Assistant Secretary-General for Human Rights (senior official on reprisals)"),
        "ASG",
        "ohchr",
    ),
    ("peace-operation", N("Human rights component of a peace operation"), "", "peace_operation"),
    ("ecosoc-ngo-committee", N("ECOSOC Committee on Non-Governmental Organizations"), "", "other"),
    ("unpfii", N("Permanent Forum on Indigenous Issues"), "UNPFII", "other"),
    ("security-council", N("Security Council"), "", "other"),
    ("general-assembly", N("General Assembly"), "GA", "other"),
    ("un-other", N("Other UN body or agency"), "", "other"),
]

# (slug, name, description)
REPRISAL_TYPES = [
    ("killing", N("Killing"), N("Killed, or died in custody.")),
    (
        "torture",
        N("Torture and ill-treatment"),
        N("Torture, cruel, inhuman or degrading treatment, physical attack."),
    ),
    ("arbitrary-detention", N("Arbitrary arrest and detention"), N("Arrest, detention or imprisonment.")),
    ("enforced-disappearance", N("Enforced disappearance"), N("Disappearance, abduction or kidnapping.")),
    ("sexual-violence", N("Sexual and gender-based violence"), ""),
    ("threats", N("Threats and intimidation"), N("Including fear of reprisal and summons for questioning.")),
    ("surveillance", N("Surveillance"), N("Physical or digital surveillance, photographing at UN meetings.")),
    (
        "smear-campaign",
        N("Smear campaign"),
        N("Public stigmatisation, defamation, labelling as terrorists or traitors."),
    ),
    ("travel-ban", N("Travel ban, passport confiscation or denial of entry"), ""),
    (
        "criminal-charges",
        N("Criminal charges and prosecution"),
        N("Investigation, charges, trial or sentence."),
    ),
    (
        "restrictive-legislation",
        N("Restrictive legislation"),
        N("Laws used or adopted to punish UN engagement."),
    ),
    ("dismissal", N("Dismissal or loss of livelihood"), ""),
    ("closure-of-organisation", N("Closure or deregistration of an organisation"), ""),
    ("reprisals-against-relatives", N("Reprisals against relatives"), ""),
    ("online-harassment", N("Online harassment"), ""),
    ("raid-confiscation", N("Raid, search or confiscation of property"), ""),
    (
        "administrative-reprisal",
        N("Administrative harassment"),
        N("Tax audits, licence withdrawal, denial of registration."),
    ),
    (
        "denial-of-access",
        N("Denial of access to UN mechanisms"),
        N("Prevented from attending or communicating with the UN."),
    ),
]

# (slug, name)
VICTIM_ROLES = [
    ("human-rights-defender", N("Human rights defender")),
    ("woman-human-rights-defender", N("Woman human rights defender")),
    ("lawyer", N("Lawyer")),
    ("journalist", N("Journalist")),
    ("relative", N("Relative of a victim or defender")),
    ("civil-society-organisation", N("Civil society organisation")),
    ("indigenous-leader", N("Indigenous leader")),
    ("trade-unionist", N("Trade unionist")),
    ("academic", N("Academic")),
    ("student", N("Student")),
    ("religious-leader", N("Religious leader")),
    ("political-opponent", N("Political opponent")),
    ("environmental-defender", N("Environmental or land defender")),
    ("lgbti-defender", N("LGBTI rights defender")),
    ("victim-or-witness", N("Victim or witness of violations")),
    ("un-expert", N("UN expert or staff member")),
]
