"""Reference vocabularies: UN mechanisms, reprisal types and victim roles.

Names are marked with gettext_noop so the stored English name is the translation's message id
(see cases.models.taxonomy.Term.label). Curators may add terms in the admin; these are the
baseline `manage.py load_reference` creates or updates (matched by slug, never deleted).
"""

# `_` (not another alias) because it is one of the keywords xgettext knows: `manage.py
# makemessages` then extracts the names into locale/*/django.po. It only marks; it translates nothing.
from django.utils.translation import gettext_noop as _

# (slug, name, abbreviation, group)
MECHANISMS = [
    ("human-rights-council", _("Human Rights Council"), "HRC", "council"),
    ("hrc-investigation", _("Commission of inquiry or fact-finding mission"), "", "council"),
    ("emrip", _("Expert Mechanism on the Rights of Indigenous Peoples"), "EMRIP", "council"),
    ("forum-business-human-rights", _("Forum on Business and Human Rights"), "", "council"),
    ("upr", _("Universal Periodic Review"), "UPR", "upr"),
    ("ccpr", _("Human Rights Committee"), "CCPR", "treaty_body"),
    ("cescr", _("Committee on Economic, Social and Cultural Rights"), "CESCR", "treaty_body"),
    ("cerd", _("Committee on the Elimination of Racial Discrimination"), "CERD", "treaty_body"),
    ("cedaw", _("Committee on the Elimination of Discrimination against Women"), "CEDAW", "treaty_body"),
    ("cat", _("Committee against Torture"), "CAT", "treaty_body"),
    ("spt", _("Subcommittee on Prevention of Torture"), "SPT", "treaty_body"),
    ("crc", _("Committee on the Rights of the Child"), "CRC", "treaty_body"),
    ("cmw", _("Committee on Migrant Workers"), "CMW", "treaty_body"),
    ("crpd", _("Committee on the Rights of Persons with Disabilities"), "CRPD", "treaty_body"),
    ("ced", _("Committee on Enforced Disappearances"), "CED", "treaty_body"),
    (
        "sr-defenders",
        _("Special Rapporteur on the situation of human rights defenders"),
        "",
        "special_procedure",
    ),
    ("sr-expression", _("Special Rapporteur on freedom of opinion and expression"), "", "special_procedure"),
    (
        "sr-assembly",
        _("Special Rapporteur on freedom of peaceful assembly and of association"),
        "",
        "special_procedure",
    ),
    ("sr-torture", _("Special Rapporteur on torture"), "", "special_procedure"),
    ("wgad", _("Working Group on Arbitrary Detention"), "WGAD", "special_procedure"),
    ("wgeid", _("Working Group on Enforced or Involuntary Disappearances"), "WGEID", "special_procedure"),
    (
        "sr-judges-lawyers",
        _("Special Rapporteur on the independence of judges and lawyers"),
        "",
        "special_procedure",
    ),
    ("sr-indigenous", _("Special Rapporteur on the rights of Indigenous Peoples"), "", "special_procedure"),
    (
        "sr-violence-women",
        _("Special Rapporteur on violence against women and girls"),
        "",
        "special_procedure",
    ),
    ("sr-religion", _("Special Rapporteur on freedom of religion or belief"), "", "special_procedure"),
    (
        "sr-executions",
        _("Special Rapporteur on extrajudicial, summary or arbitrary executions"),
        "",
        "special_procedure",
    ),
    (
        "sr-counter-terrorism",
        _("Special Rapporteur on human rights while countering terrorism"),
        "",
        "special_procedure",
    ),
    ("sr-environment", _("Special Rapporteur on human rights and the environment"), "", "special_procedure"),
    ("sp-country", _("Country-specific special procedure"), "", "special_procedure"),
    ("sp-other", _("Other thematic special procedure"), "", "special_procedure"),
    ("ohchr", _("Office of the High Commissioner for Human Rights"), "OHCHR", "ohchr"),
    ("ohchr-field", _("OHCHR field presence"), "", "ohchr"),
    (
        "asg-reprisals",
        _("Assistant Secretary-General for Human Rights (senior official on reprisals)"),
        "ASG",
        "ohchr",
    ),
    ("peace-operation", _("Human rights component of a peace operation"), "", "peace_operation"),
    ("ecosoc-ngo-committee", _("ECOSOC Committee on Non-Governmental Organizations"), "", "other"),
    ("unpfii", _("Permanent Forum on Indigenous Issues"), "UNPFII", "other"),
    ("security-council", _("Security Council"), "", "other"),
    ("general-assembly", _("General Assembly"), "GA", "other"),
    ("un-other", _("Other UN body or agency"), "", "other"),
]

# (slug, name, description)
REPRISAL_TYPES = [
    ("killing", _("Killing"), _("Killed, or died in custody.")),
    (
        "torture",
        _("Torture and ill-treatment"),
        _("Torture, cruel, inhuman or degrading treatment, physical attack."),
    ),
    ("arbitrary-detention", _("Arbitrary arrest and detention"), _("Arrest, detention or imprisonment.")),
    ("enforced-disappearance", _("Enforced disappearance"), _("Disappearance, abduction or kidnapping.")),
    ("sexual-violence", _("Sexual and gender-based violence"), ""),
    ("threats", _("Threats and intimidation"), _("Including fear of reprisal and summons for questioning.")),
    ("surveillance", _("Surveillance"), _("Physical or digital surveillance, photographing at UN meetings.")),
    (
        "smear-campaign",
        _("Smear campaign"),
        _("Public stigmatisation, defamation, labelling as terrorists or traitors."),
    ),
    ("travel-ban", _("Travel ban, passport confiscation or denial of entry"), ""),
    (
        "criminal-charges",
        _("Criminal charges and prosecution"),
        _("Investigation, charges, trial or sentence."),
    ),
    (
        "restrictive-legislation",
        _("Restrictive legislation"),
        _("Laws used or adopted to punish UN engagement."),
    ),
    ("dismissal", _("Dismissal or loss of livelihood"), ""),
    ("closure-of-organisation", _("Closure or deregistration of an organisation"), ""),
    ("reprisals-against-relatives", _("Reprisals against relatives"), ""),
    ("online-harassment", _("Online harassment"), ""),
    ("raid-confiscation", _("Raid, search or confiscation of property"), ""),
    (
        "administrative-reprisal",
        _("Administrative harassment"),
        _("Tax audits, licence withdrawal, denial of registration."),
    ),
    (
        "denial-of-access",
        _("Denial of access to UN mechanisms"),
        _("Prevented from attending or communicating with the UN."),
    ),
]

# (slug, name)
VICTIM_ROLES = [
    ("human-rights-defender", _("Human rights defender")),
    ("woman-human-rights-defender", _("Woman human rights defender")),
    ("lawyer", _("Lawyer")),
    ("journalist", _("Journalist")),
    ("relative", _("Relative of a victim or defender")),
    ("civil-society-organisation", _("Civil society organisation")),
    ("indigenous-leader", _("Indigenous leader")),
    ("trade-unionist", _("Trade unionist")),
    ("academic", _("Academic")),
    ("student", _("Student")),
    ("religious-leader", _("Religious leader")),
    ("political-opponent", _("Political opponent")),
    ("environmental-defender", _("Environmental or land defender")),
    ("lgbti-defender", _("LGBTI rights defender")),
    ("victim-or-witness", _("Victim or witness of violations")),
    ("un-expert", _("UN expert or staff member")),
]
