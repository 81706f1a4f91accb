#!/usr/bin/env bash
# The first guide and the second, end to end, for the seed's pharmacy, on a fresh
# ./balorg.db (an existing one is kept as balorg.db.bak). Needs `balorg` on PATH.
# Each person acts in their own session (a file under ./sessions/, mode 0600);
# passwords are given on standard input (--password-stdin), never as arguments.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
db=balorg.db
if [ -e "$db" ]; then mv -f "$db" "$db.bak"; fi
rm -f "$db-wal" "$db-shm"
rm -rf sessions && mkdir -m 700 sessions
b() { balorg "$@" --db "$db" --config "$here/balorg.toml"; }
as() { who=$1; shift; b "$@" --session-file "sessions/$who"; }
step() { printf '\n== %s\n' "$*"; }

pharmacie=pharmacie.ducentre@medimail.mssante.fr
cabinet=cabinet.martin@medimail.mssante.fr
claire=claire.martin@medimail.mssante.fr
paul=paul.martin@medimail.mssante.fr
alice=alice.bernard@medimail.mssante.fr
agent=agent.validation@esante-occitanie.fr
correspondant=dr.house@ch-exemple.mssante.fr

step "Je vérifie l'éligibilité : identifiants du responsable et de la structure"
balorg identify 10001045367 010000024

step "L'opérateur inscrit l'agent du centre de services (console de l'opérateur)"
printf 'agent de validation occitanie\n' | b agent enrol "$agent" \
  --first-name Anne --last-name Gent --password-stdin

step "Étapes 1 à 11 : formulaire d'inscription de la pharmacie (BAL en attente)"
printf 'le mot de passe de claire\n' | as claire register "$here/pharmacie.json" \
  --address "$pharmacie" --password-stdin

step "Étape 12 : je crée un compte nominatif pour une préparatrice (en attente de validation)"
printf 'le mot de passe d alice\n' | as claire members create "$pharmacie" "$alice" \
  --first-name Alice --last-name Bernard --password-stdin

step "Terminer"
as claire finish "$pharmacie"

step "Centre de services : l'agent se connecte, voit les comptes en attente (72 heures) et les valide"
printf 'agent de validation occitanie\n' | as agent login "$agent" --password-stdin
as agent pending
as agent approve "$claire"
as agent approve "$alice"

step "Un cabinet voisin s'inscrit et rattache le compte existant d'Alice (son mot de passe)"
printf 'le mot de passe de paul\n' | as paul register "$here/cabinet.json" --address "$cabinet" --password-stdin
printf 'le mot de passe d alice\n' | as paul members add "$cabinet" "$alice" --password-stdin
as paul finish "$cabinet"
as agent approve "$paul"

step "Je me connecte avec mes identifiants nominatifs (étiquette : mon nom)"
printf 'le mot de passe d alice\n' | as alice login "$alice" --password-stdin

step "Changer de compte : la BAL organisationnelle (étiquette : le nom du service)"
as alice switch "$pharmacie"

step "Gestion des comptes de connexion : compte par défaut et notification de réception"
as alice default "$pharmacie"
as alice notices on "$pharmacie"
as alice settings
as alice logout
printf 'le mot de passe d alice\n' | as alice login "$alice" --password-stdin

step "Un message arrive (transport de messagerie) : notification sans rien du message"
b receive "$pharmacie" --from "$correspondant" --reference "msg-0001"
b outbox deliver

step "J'envoie au nom du service ; le message reste dans les envoyés de la BAL"
as alice send --to "$correspondant" --reference "msg-0002"
as claire switch "$pharmacie"
as claire inbox

step "Membres et réglages de la BAL ; liste rouge de l'annuaire national"
as claire members list "$pharmacie"
as claire mailbox redlist "$pharmacie" --national on
as claire mailbox show "$pharmacie"
b outbox deliver

step "Piste d'audit de la BAL, chaîne vérifiée ; vérification de toute la base"
as claire audit mailbox "$pharmacie"
b audit verify
