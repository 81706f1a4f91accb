"""Messages of use cases, sessions, the outbox and the command runner: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- authentication and sessions ------------------------------------------------------
    "auth.method_not_allowed": (
        "Cette action n'est pas possible pour un acteur authentifié de cette façon ({method}).",
        "This action is not possible for an actor authenticated this way ({method}).",
    ),
    "session.unknown": (
        "Session inconnue : reconnectez-vous.",
        "Unknown session: log in again.",
    ),
    "session.ended": (
        "La session {session} est terminée : reconnectez-vous.",
        "Session {session} has ended: log in again.",
    ),
    "session.expired": (
        "La session {session} a expiré (durée maximale atteinte) : reconnectez-vous.",
        "Session {session} has expired (its maximum length was reached): log in again.",
    ),
    "session.idle_expired": (
        "La session {session} a expiré faute d'activité : reconnectez-vous.",
        "Session {session} expired after a time without use: log in again.",
    ),
    "session.other_mailbox": (
        "La boîte ouverte dans la session est {open}, pas {mailbox} : changez de boîte d'abord.",
        "The mailbox open in the session is {open}, not {mailbox}: switch mailboxes first.",
    ),
    # -- passwords ------------------------------------------------------------------------
    "password.not_text": (
        "Le mot de passe doit être un texte.",
        "The password must be text.",
    ),
    "password.not_utf8": (
        "Le mot de passe contient des octets qui ne sont pas de l'UTF-8 valide.",
        "The password holds bytes that are not valid UTF-8.",
    ),
    "password.control_characters": (
        "Le mot de passe contient des caractères de contrôle, impossibles à saisir de nouveau.",
        "The password holds control characters, which could never be typed again.",
    ),
    "password.too_short": (
        "Le mot de passe doit comporter au moins {min} caractères (il en a {length}).",
        "The password must have at least {min} characters (it has {length}).",
    ),
    "password.too_long": (
        "Le mot de passe doit comporter au plus {max} caractères.",
        "The password must have at most {max} characters.",
    ),
    "password.is_address": (
        "Le mot de passe ne doit pas être l'adresse du compte.",
        "The password must not be the account's address.",
    ),
    "password.common": (
        "Ce mot de passe est trop courant : choisissez-en un autre (une phrase, par exemple).",
        "This password is too common: choose another one (a sentence, for instance).",
    ),
    "password.external": (
        "Les mots de passe sont gérés par le service d'identification de l'opérateur.",
        "Passwords are managed by the operator's own identity service.",
    ),
    "password.mismatch": (
        "Les deux saisies du mot de passe diffèrent.",
        "The two entries of the password differ.",
    ),
    # -- registration, mail ----------------------------------------------------------------
    "registration.not_responsible": (
        "L'inscription est faite par le responsable ({responsible}) depuis son propre compte.",
        "The registration is made by the responsible ({responsible}) from their own account.",
    ),
    "mail.nominative_mailbox": (
        "La boîte {mailbox} est votre boîte nominative : balorg ne gère que les boîtes "
        "organisationnelles ; changez de boîte d'abord.",
        "Mailbox {mailbox} is your nominative one: balorg manages organisational mailboxes "
        "only; switch mailboxes first.",
    ),
    "mail.duplicate_reference": (
        "Un message envoyé avec cette référence est déjà enregistré.",
        "A message sent with this reference is already recorded.",
    ),
    # -- listing ----------------------------------------------------------------------------
    "paging.invalid_cursor": (
        "Ce curseur de page n'est pas valide : repartez de la première page.",
        "This page cursor is not valid: start again from the first page.",
    ),
    # -- the directory ------------------------------------------------------------------------
    "directory.profession_unknown": (
        "L'annuaire donne pour {idnat} un code profession inconnu ({code}).",
        "The directory gives {idnat} an unknown profession code ({code}).",
    ),
    # -- the outbox --------------------------------------------------------------------------
    "notice.failed": (
        "La notification n'a pas pu être envoyée.",
        "The notice could not be sent.",
    ),
    "notice.no_notifier": (
        "Aucun moyen d'envoyer les notifications n'est configuré.",
        "No way of sending notices is configured.",
    ),
    "publication.no_publisher": (
        "Aucun annuaire ne reçoit les modifications de « {detail} ».",
        "No directory receives the changes of “{detail}”.",
    ),
    "publication.not_found": (
        "L'annuaire ne montre pas cette boîte : rien à modifier ({detail}).",
        "The directory does not show this mailbox: nothing to change ({detail}).",
    ),
    "delivery.error": (
        "La livraison a échoué de façon inattendue ({detail}).",
        "The delivery failed unexpectedly ({detail}).",
    ),
}
