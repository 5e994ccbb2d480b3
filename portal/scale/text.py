"""Words for generated people and notes: fictional, Swedish-sounding, cheap to combine.

Notes are 1-4 sentences drawn from a pool, so page weight resembles real notes (100-400 characters)
without storing anything that could be mistaken for a real person's file.
"""

from __future__ import annotations

import random

FIRST_NAMES = (
    "Alva", "Elsa", "Maja", "Ella", "Wilma", "Ebba", "Saga", "Alice", "Olivia", "Nora", "Freja", "Agnes",
    "Lilly", "Stella", "Selma", "Ines", "Amira", "Leah", "Hedda", "Tyra",
    "Noah", "Liam", "William", "Hugo", "Lucas", "Oliver", "Elias", "Adam", "Leo", "Viktor", "Ali", "Omar",
    "Melvin", "Theo", "Isak", "Axel", "Vincent", "Nils", "Edvin", "Sixten",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Lindberg", "Lindqvist",
    "Berglund", "Hussein", "Mohammed", "Axelsson", "Lundgren", "Holm", "Ek", "Sandberg", "Forsberg",
    "Sjöberg", "Wallin", "Engström", "Danielsson", "Håkansson", "Lund", "Fransson", "Ahmed", "Nyström",
)  # fmt: skip
TOWNS = (
    "Åkerby", "Norrvik", "Sjöhamn", "Ekträsk", "Lindåsen", "Björkvall", "Granudden", "Hedemark", "Storfors",
    "Västerlund", "Östby", "Mossebo", "Rågsved", "Tallnäs", "Furuhed", "Kvarnby", "Backa", "Älvsby",
)  # fmt: skip
SENTENCES = (
    "Ringde och pratade om veckan; frånvaron har minskat sedan förra mötet.",
    "Hade ett samtal med mentor om schemat och vilka kurser som återstår.",
    "Eleven kom inte till avtalad tid. Skickade sms med en ny tid på torsdag.",
    "Vi gick igenom planen tillsammans och uppdaterade målet om utbildning.",
    "Socialsekreteraren har kontakt med familjen och återkommer efter nästa vecka.",
    "Arbetsförmedlingen erbjuder ett studiemotiverande kurs som startar i höst.",
    "Träffades på fritidsgården; hen berättade att det går bättre med sömnen.",
    "Skolsköterskan har bokat en tid för samtal om stress och mående.",
    "Studie- och yrkesvägledaren visade olika vägar till gymnasieexamen via komvux.",
    "Pratade med vårdnadshavare om närvaron och hur vi kan stötta hemifrån.",
    "Hen vill gärna prova praktik i en butik och ska skriva ett kort CV.",
    "Kuratorn föreslår att vi ses varannan vecka fram till jullovet.",
    "Inget svar i telefon; lämnade ett meddelande och skickade ett brev.",
    "Närvaron i matematik är fortfarande låg, men engelskan går bra.",
    "Vi kom överens om att nästa steg är ett möte med hela teamet.",
    "Har börjat på en kurs i svenska och trivs med läraren.",
    "Volontären följde med till biblioteket och hjälpte till med läxorna.",
    "Bostadsfrågan är löst för nu; familjen har fått en lägenhet i centrum.",
    "Hen säger att det är tungt just nu och vill ha färre möten en period.",
    "Planen följdes upp: två av tre aktiviteter är klara.",
)
CASE_ROLES_BY_KIND = {
    "school": ("mentor", "kurator", "study_adviser", "teacher"),
    "social_services": ("social_worker",),
    "job_centre": ("job_coach",),
    "health": ("school_nurse", "psychologist"),
    "youth_ngo": ("volunteer",),
    "other": ("youth_worker",),
    "municipality": ("other",),
}
GOAL_TEXTS = {
    "education": "Klara gymnasieexamen eller en väg dit",
    "work": "Prova på arbete genom praktik",
    "health": "Må bättre och sova bättre",
    "housing": "Ha ett tryggt boende",
    "economy": "Få ordning på ekonomin",
    "relationships": "Ha någon att prata med",
    "leisure": "Hitta en fritidsaktivitet",
    "daily_structure": "Komma upp på morgonen och ha en fast dag",
}
ACTION_TEXTS = (
    "Boka möte med studie- och yrkesvägledaren",
    "Gå till skolan varje dag i två veckor",
    "Söka praktikplats",
    "Ansöka om komvux",
    "Besöka fritidsgården en gång i veckan",
    "Boka tid hos skolsköterskan",
    "Göra en budget tillsammans med socialsekreteraren",
    "Skriva ett CV",
)


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def note(rng: random.Random) -> str:
    return " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))
