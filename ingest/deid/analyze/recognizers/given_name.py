"""Names that start with a common given name: "Helena Feldstein", "Priya", "Kenji Ramaswamy".

spaCy's medium English model misses many names in short chat turns and signatures. A dictionary of
common given names (international, as patients and clinicians are) finds them; given names that are
also ordinary words (May, Grace, Will, Mark, Bill, Rose) are left out.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ingest.deid.analyze.clinical_terms import words
from ingest.deid.analyze.recognizers.rule import RuleRecognizer

ENTITY = "PERSON"

GIVEN_NAMES = words(
    """
    James John Robert Michael David William Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony
    Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan
    Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander
    Patrick Raymond Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle Walter Ethan
    Jeremy Harold Keith Roger Noah Gerald Carl Terry Sean Austin Arthur Lawrence Jesse Dylan Bryan
    Joe Jordan Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Elijah Randy Roy Vincent Ralph Eugene
    Russell Bobby Mason Philip Louis Harry Howard Leonard Martin Stanley Clarence Ernest Theodore Frederick
    Oliver Liam Lucas Leo Hugo Felix Oscar Victor Viktor Dmitri Ivan Sergei Alexei Mikhail Nikolai Boris
    Tomasz Piotr Pawel Krzysztof Jakub Marek Andrzej Stefan Lars Erik Anders Johan Nils Sven Hans Klaus
    Jurgen Wolfgang Dieter Matthias Pierre Jean Jacques Antoine Etienne Luc Marcel Giovanni Marco Luca
    Matteo Alessandro Francesco Lorenzo Carlos Luis Miguel Javier Alejandro Diego Rafael Pablo Fernando
    Ricardo Eduardo Gustavo Sergio Andres Mateo Santiago Joao Pedro Tiago Ahmed Mohammed Muhammad Omar Ali
    Hassan Hussein Khalid Yusuf Ibrahim Mustafa Tariq Karim Rahul Amit Anand Arjun Vikram Sanjay Rajesh
    Suresh Ramesh Deepak Ravi Kiran Vijay Arun Nikhil Rohan Kenji Hiroshi Takashi Haruto Yuki Kenta Daiki
    Minho Jisoo Seojun Hyun Wei Hao Chen Ming Jian Tao Chukwuemeka Oluwaseun Emeka Kwame Kofi Tunde
    Desmond Malcolm Leopold Cornelius Thaddeus Benedict Reginald Ignatius Bartholomew Ezekiel Jonah Isaac
    Caleb Levi Owen Wyatt Julian Miles Colin Declan Connor Liam Finn Ronan Callum Rhys Gareth Dafydd Angus
    Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret Sandra
    Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca Sharon Laura
    Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine
    Debra Rachel Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly
    Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Sara
    Madison Frances Kathryn Janice Jean Abigail Alice Judy Sophia Denise Doris Marilyn Danielle Beverly
    Isabella Theresa Diana Natalie Brittany Charlotte Marie Kayla Alexis Lori Mia Amelia Harper Evelyn
    Eleanor Chloe Penelope Layla Riley Zoey Nora Lillian Addison Aubrey Ellie Stella Natalia Zoe Leah Hazel
    Violet Aurora Savannah Audrey Brooklyn Bella Claire Skylar Lucy Paisley Anna Caroline Aaliyah
    Kennedy Kinsley Allison Maya Sarah Madelyn Adeline Alexa Ariana Elena Gabriella Naomi Alice Sadie Hailey
    Helena Lucia Noor Aisha Fatima Zainab Mariam Layla Yasmin Leila Amira Priya Lakshmi Anjali Deepa Kavya
    Pooja Sunita Neha Shreya Meera Ananya Divya Sakura Yui Aiko Yuna Hana Mei Ling Xiu Yan Jiayi Siobhan
    Niamh Aoife Saoirse Ciara Sinead Ingrid Astrid Freya Sigrid Agnieszka Katarzyna Malgorzata Magdalena
    Joanna Tatiana Svetlana Olga Natasha Irina Ekaterina Anastasia Yolanda Marisol Fernanda Camila Valentina
    Lucinda Harriet Beatrice Rosalind Claudette Henrietta Gwendolyn Imogen Philippa Georgina Matilda Edith
    Agnes Mildred Ethel Bernice Gertrude Mabel Myrtle Lorraine Yvonne Colette Brigitte Monique Isabelle
    Chantal Giulia Francesca Chiara Alessandra Sofia Carmen Lucia Rosa Ana Beatriz Adriana Gabriela Paula
    Chidinma Ngozi Amara Adaeze Abena Akosua Folake Nkechi Wanjiru
    """
)
# Given names that are also ordinary words. They are names only in a slot that holds one: a greeting ("Hi Will,"),
# a sign-off ("-- will from michigan"), a self-introduction ("its april again"), a relative's age ("my son will (17)").
WORD_NAMES = words("will may april june grace hope faith joy rose mark bill pat sue dawn summer")
MODAL_NAMES = words("will may")
# The rules that fill such a slot (`trim` lets a word name through for them).
NAME_SLOT_RULES = frozenset(
    {"greeting", "dash_sign", "xx_sign", "bar_sign", "self_intro", "kin_age", "kin_verb", "title_lower"}
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_SURNAME_AFTER = re.compile(
    r"(?:\s+[A-Z]\.?)?\s+(?P<surname>[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]+(?:[-'’][A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]+)?)\b"
)
# Capitalised words that can follow a given name without being a surname.
NOT_SURNAMES = words(
    """The A An And Or But Is Was Has Had Have He She It They We I You This That Who Which When Where What
    How Why If So Then There Here Not No Yes Also Just Only Now Today Yesterday Tomorrow Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday Hospital Clinic Medical Center Centre University Street Avenue
    Road Pharmacy Health County General Memorial Hi Hello Thanks Please Dr Mr Mrs Ms"""
)


class GivenNameRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [], language=language)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.entity not in entities:
            return []
        results = []
        for match in _CAPITALISED.finditer(text):
            if match.group() not in GIVEN_NAMES:
                continue
            surname = _SURNAME_AFTER.match(text, match.end())
            if surname and surname.group("surname") not in NOT_SURNAMES:
                results.append(self.result(match.start(), surname.end(), 0.75, "full_name"))
            else:
                results.append(self.result(match.start(), match.end(), 0.6, "given_name"))
        return results
