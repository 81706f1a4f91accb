"""Messages of the domain's invariants: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "field.invalid": ("Cette valeur n'est pas valide.", "This value is not valid."),
    "field.naive_datetime": (
        "La date et l'heure doivent préciser leur fuseau horaire.",
        "The date and time must carry their time zone.",
    ),
    "field.out_of_range": (
        "La valeur doit être comprise entre {min} et {max}.",
        "The value must be between {min} and {max}.",
    ),
    "mailbox.invalid_rank": (
        "Le rang dans l'annuaire est un nombre entier de 1 à {max}.",
        "The directory rank is a whole number from 1 to {max}.",
    ),
    "account.credential_not_pending": (
        "Le compte {account} n'attend pas l'enregistrement de son mot de passe.",
        "Account {account} is not waiting for its password to be enrolled.",
    ),
    "delegation.expiry_capped": (
        "La délégation expirera le {expires_at}, avec celle de {grantor} qui l'accorde : "
        "une délégation ne survit pas à celle de son auteur.",
        "The delegation will expire on {expires_at}, with that of {grantor} who grants it: "
        "a delegation never outlives its grantor's.",
    ),
    "delegation.not_to_review": (
        "La délégation de {account} n'attend pas de revue.",
        "The delegation of {account} is not waiting for a review.",
    ),
    "delegation.unknown_capability": (
        "Droit inconnu ; les droits sont : {choices}.",
        "Unknown capability; the capabilities are: {choices}.",
    ),
    "responsibility.account_identity": (
        "Le compte {account} n'est pas celui de {successor} : le successeur agit depuis son "
        "propre compte, dont l'identité déclarée est la sienne.",
        "Account {account} is not that of {successor}: the successor acts from their own "
        "account, whose declared identity is theirs.",
    ),
    "service_centre.sponsor": (
        "Un agent ne valide pas un compte qu'il a créé ou parrainé ({account}).",
        "An agent does not validate an account they created or sponsored ({account}).",
    ),
    "audit.head_missing": (
        "La chaîne {chain} a des entrées mais pas de tête enregistrée.",
        "Chain {chain} has entries but no recorded head.",
    ),
    "audit.chain_missing": (
        "La chaîne {chain} devrait avoir au moins {anchored} entrées (ancrées), elle en a "
        "{found} : des entrées ont été supprimées.",
        "Chain {chain} should have at least {anchored} entries (anchored); it has {found}: "
        "entries were removed.",
    ),
    "audit.anchor_mismatch": (
        "L'entrée {seq} de la chaîne {chain} n'est pas celle qui a été ancrée.",
        "Entry {seq} of chain {chain} is not the one that was anchored.",
    ),
    "audit.anchor_link_broken": (
        "Le lien de l'ancre {seq} avec la précédente est rompu.",
        "The link of anchor {seq} with the previous one is broken.",
    ),
    "audit.anchor_altered": (
        "L'ancre {seq} a été modifiée.",
        "Anchor {seq} was altered.",
    ),
    "audit.anchor_head_mismatch": (
        "L'ancre gardée hors de la base n'est plus dans la chaîne des ancres (dernière : "
        "{seq}) : des ancres ont été retirées ou réécrites.",
        "The anchor kept outside the database is no longer in the chain of anchors (last: "
        "{seq}): anchors were removed or rewritten.",
    ),
    "audit.chain_head_mismatch": (
        "La chaîne {chain} ne finit pas sur sa tête enregistrée ({count} entrées lues) : des "
        "entrées ont pu être retirées à la fin.",
        "Chain {chain} does not end on its recorded head ({count} entries read): entries may "
        "have been cut off the end.",
    ),
    # The default codes of the roots of the hierarchy (balorg.domain.errors).
    "balorg.error": ("Erreur de balorg.", "balorg error."),
    "domain.refused": ("La modification est refusée.", "The change is refused."),
    "identifier.invalid": ("Cet identifiant n'est pas valide.", "This identifier is not valid."),
    "field.required": ("Ce champ est obligatoire.", "This field is required."),
    "responsible.identifier_kind": (
        "Le responsable doit être identifié par un numéro RPPS ou ADELI, pas {kind}.",
        "The responsible must be identified by an RPPS or ADELI number, not {kind}.",
    ),
    "responsible.adeli_profession_mismatch": (
        "Le numéro ADELI porte le code profession {embedded}, mais la profession déclarée est "
        "{profession} ({declared}).",
        "The ADELI number carries profession code {embedded}, but the declared profession is "
        "{profession} ({declared}).",
    ),
    "mailbox.closed": (
        "La BAL {mailbox} est fermée : plus aucune modification n'est possible.",
        "Mailbox {mailbox} is closed: no further change is possible.",
    ),
    "mailbox.not_pending": (
        "La BAL n'est pas en attente de finalisation (état : {state}).",
        "The mailbox is not waiting to be finished (state: {state}).",
    ),
    "mailbox.not_active": (
        "La BAL n'est pas active (état : {state}).",
        "The mailbox is not active (state: {state}).",
    ),
    "mailbox.not_suspended": (
        "La BAL n'est pas suspendue (état : {state}).",
        "The mailbox is not suspended (state: {state}).",
    ),
    "delegation.no_capability": (
        "Une délégation doit accorder au moins un droit.",
        "A delegation must grant at least one capability.",
    ),
    "delegation.exceeds_grantor": (
        "Impossible d'accorder des droits que l'on ne détient pas : {capabilities}.",
        "Nobody may grant capabilities they do not hold: {capabilities}.",
    ),
    "delegation.responsible_holds_all": (
        "Le responsable détient déjà tous les droits sur la BAL.",
        "The responsible already holds every capability on the mailbox.",
    ),
    "delegation.already_granted": (
        "Le compte {account} a déjà une délégation en cours sur cette BAL.",
        "Account {account} already holds a current delegation on this mailbox.",
    ),
    "delegation.expiry_in_past": (
        "La date d'expiration doit être postérieure à la date d'attribution.",
        "The expiry must come after the time of the grant.",
    ),
    "delegation.not_found": (
        "Le compte {account} n'a pas de délégation en cours sur cette BAL.",
        "Account {account} holds no current delegation on this mailbox.",
    ),
    "delegation.not_pending": (
        "La délégation n'attend pas de validation (état : {state}).",
        "The delegation is not waiting for validation (state: {state}).",
    ),
    "delegation.not_active": (
        "La délégation n'est pas active (état : {state}).",
        "The delegation is not active (state: {state}).",
    ),
    "delegation.not_suspended": (
        "La délégation n'est pas suspendue (état : {state}).",
        "The delegation is not suspended (state: {state}).",
    ),
    "responsibility.same_person": (
        "Cette personne est déjà responsable de la BAL.",
        "This person is already responsible for the mailbox.",
    ),
    "account.not_pending": (
        "Le compte n'attend pas de validation (état : {state}).",
        "The account is not waiting for validation (state: {state}).",
    ),
    "account.cannot_open": (
        "Ce compte ne peut pas ouvrir la BAL {mailbox}.",
        "This account cannot open mailbox {mailbox}.",
    ),
    "account.notices_own_mailbox": (
        "Les notifications de réception se règlent pour une BAL organisationnelle, pas pour "
        "sa propre BAL nominative ({mailbox}).",
        "New-mail notices are set per organisational mailbox, not for one's own nominative "
        "mailbox ({mailbox}).",
    ),
}

MESSAGES.update(
    {
        "audit.entry_missing": (
            "Piste d'audit : l'entrée n° {expected} manque (trouvé n° {found}).",
            "Audit trail: entry {expected} is missing (found {found}).",
        ),
        "audit.link_broken": (
            "Piste d'audit : le chaînage de l'entrée n° {seq} est rompu.",
            "Audit trail: the link of entry {seq} is broken.",
        ),
        "audit.entry_altered": (
            "Piste d'audit : l'entrée n° {seq} a été modifiée.",
            "Audit trail: entry {seq} was altered.",
        ),
        "audit.head_mismatch": (
            "Piste d'audit : la dernière entrée ne correspond pas à l'empreinte attendue "
            "({count} entrées) ; des entrées ont pu être retirées à la fin.",
            "Audit trail: the last entry does not match the expected hash ({count} entries); "
            "entries may have been cut off the end.",
        ),
    }
)

MESSAGES.update(
    {
        "mailbox.already_finished": (
            "L'inscription de cette BAL est déjà terminée.",
            "The registration of this mailbox is already finished.",
        ),
        "mailbox.registration_unfinished": (
            "L'inscription n'est pas terminée : cliquez sur « Terminer ».",
            "The registration is not finished: press 'Terminer'.",
        ),
        "mailbox.responsible_not_validated": (
            "Le compte du responsable ({account}) n'est pas encore validé par le centre de "
            "services : la BAL sera active après cette validation.",
            "The responsible's account ({account}) is not yet validated by the service "
            "centre: the mailbox goes live once it is.",
        ),
    }
)

MESSAGES.update(
    {
        "field.invalid_characters": (
            "Ce champ contient des caractères invalides (caractères de contrôle ou "
            "non représentables).",
            "This field contains invalid characters (control or unencodable characters).",
        ),
    }
)
