#!/usr/bin/env bash
# The first guide and the second, end to end, for the seed's pharmacy, on a fresh
# ./balorg.db (an existing one is kept as balorg.db.bak). Needs `balorg` on PATH.
# Passwords are given on standard input (--password-stdin), never as arguments.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
db=balorg.db
if [ -e "$db" ]; then mv -f "$db" "$db.bak"; fi
rm -f "$db-wal" "$db-shm"
b() { balorg "$@" --db "sqlite:///$db" --config "$here/balorg.toml"; }
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

step "Étapes 1 à 11 : formulaire d'inscription de la pharmacie (BAL en attente)"
printf 'mot-de-passe-claire\n' | b register "$here/pharmacie.json" --address "$pharmacie" --password-stdin

step "Étape 12 : je crée un compte nominatif pour une préparatrice (en attente de validation)"
printf 'mot-de-passe-alice\n' | b members create "$pharmacie" "$alice" \
  --first-name Alice --last-name Bernard --as "$claire" --password-stdin

step "Terminer"
b finish "$pharmacie" --as "$claire"

step "Centre de services : comptes en attente (délai de 72 heures), puis validation (la BAL devient active)"
b pending --as "$agent"
b approve "$claire" --as "$agent"
b approve "$alice" --as "$agent"

step "Un cabinet voisin s'inscrit et rattache le compte existant d'Alice (mot de passe)"
printf 'mot-de-passe-paul\n' | b register "$here/cabinet.json" --address "$cabinet" --password-stdin
printf 'mot-de-passe-alice\n' | b members add "$cabinet" "$alice" --as "$paul" --password-stdin
b finish "$cabinet" --as "$paul"
b approve "$paul" --as "$agent"

step "Je me connecte avec mes identifiants nominatifs (étiquette : mon nom)"
printf 'mot-de-passe-alice\n' | b login "$alice" --password-stdin

step "Changer de compte : la BAL organisationnelle (étiquette : le nom du service)"
b switch "$alice" "$pharmacie"

step "Compte par défaut et notification de réception vers le compte de connexion"
b default "$alice" "$pharmacie"
b notices on "$alice" "$pharmacie"
printf 'mot-de-passe-alice\n' | b login "$alice" --password-stdin

step "Un message arrive : notification sans rien du message"
b receive "$pharmacie" --from "$correspondant" --reference "msg-0001"

step "J'envoie au nom du service ; le message reste dans les envoyés de la BAL"
b send "$pharmacie" --as "$alice" --to "$correspondant" --reference "msg-0002"
b inbox "$pharmacie" --as "$claire"

step "Membres de la BAL"
b members list "$pharmacie" --as "$claire"

step "Piste d'audit de la BAL, chaîne vérifiée"
b audit "$pharmacie" --as "$claire"
