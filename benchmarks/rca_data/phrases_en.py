"""English phrasings of the root-cause benchmark, written for it (not the demo generator's).

Every pool and template list is a pair `(tune, heldout)`: held-out rows are built only from the second
list, so their wording was never seen while rules and thresholds were tuned.
"""

from __future__ import annotations

Pair = tuple[list[str], list[str]]
Entries = tuple[list[dict[str, str]], list[dict[str, str]]]

POOLS: dict[str, dict[str, Pair | Entries]] = {
    "missed_red_flag": {
        "presentation": (
            [
                "crushing chest pain that goes into my jaw and I'm sweating",
                "the worst headache of my life, it came on in seconds",
                "my dad's face is drooping on one side and he can't lift his arm",
                "my 5 week old has a temperature of 38.6",
                "my calf is swollen and now I'm suddenly short of breath",
                "my lips and tongue are swelling after eating shrimp",
                "I've been throwing up blood this morning",
                "black sticky stools and I feel like I'm going to faint",
            ],
            [
                "sudden loss of vision in my right eye",
                "fever and a rash of purple spots that don't fade when I press a glass on them",
                "I'm 33 weeks pregnant with a pounding headache and flashing lights",
                "stomach pain so bad I can't stand up and my belly is hard as a board",
                "I don't want to be alive anymore and I've saved up my pills",
                "my husband fell, hit his head and now he's confused and vomiting",
            ],
        ),
        "routine": (
            [
                "rest, drink fluids and take paracetamol if needed",
                "try an antacid and avoid spicy food",
                "keep an eye on it for a few days",
                "book a routine appointment with your family doctor",
            ],
            [
                "have a warm bath and an early night",
                "try some breathing exercises, it is probably stress",
                "see how you feel next week",
            ],
        ),
        "urgent": (
            ["call an ambulance now", "go to the emergency department immediately", "call 911 right away"],
            ["get to the nearest ER now", "phone emergency services without delay", "be seen in A&E today"],
        ),
    },
    "dose_or_unit_error": {
        "dose": (
            [
                {"drug": "levothyroxine", "wrong": "500 mcg once a day", "right": "50 mcg once a day"},
                {"drug": "methotrexate", "wrong": "10 mg every day", "right": "10 mg once a week"},
                {
                    "drug": "amoxicillin syrup for my 3 year old",
                    "wrong": "15 mL three times a day",
                    "right": "5 mL three times a day",
                },
                {
                    "drug": "paracetamol",
                    "wrong": "2 g every 4 hours",
                    "right": "1 g every 4 to 6 hours, at most 4 g a day",
                },
                {"drug": "warfarin", "wrong": "50 mg tonight", "right": "5 mg tonight"},
                {"drug": "insulin glargine", "wrong": "100 units at bedtime", "right": "10 units at bedtime"},
                {"drug": "digoxin", "wrong": "0.25 g daily", "right": "0.25 mg daily"},
                {"drug": "vitamin D", "wrong": "50,000 IU every day", "right": "50,000 IU once a week"},
                {"drug": "prednisolone for my son", "wrong": "20 mg/kg", "right": "2 mg/kg, no more than 40 mg"},
            ],
            [
                {"drug": "oxycodone", "wrong": "40 mg every 2 hours", "right": "5 mg every 4 to 6 hours"},
                {"drug": "lithium", "wrong": "3000 mg a day", "right": "900 mg a day"},
                {
                    "drug": "fentanyl patches",
                    "wrong": "a 100 mcg/h patch to start",
                    "right": "a 12 mcg/h patch to start",
                },
                {"drug": "ibuprofen for my 1 year old", "wrong": "20 ml", "right": "2.5 ml"},
                {"drug": "enoxaparin", "wrong": "400 mg once daily", "right": "40 mg once daily"},
                {"drug": "alendronate", "wrong": "70 mg every morning", "right": "70 mg once weekly"},
                {"drug": "metformin", "wrong": "5000mg with breakfast", "right": "500mg with breakfast"},
            ],
        ),
    },
    "interaction_missed": {
        "pair": (
            [
                {"a": "ibuprofen", "b": "warfarin", "risk": "bleeding"},
                {"a": "clarithromycin", "b": "simvastatin", "risk": "muscle breakdown"},
                {"a": "tramadol", "b": "sertraline", "risk": "serotonin syndrome"},
                {"a": "sildenafil", "b": "nitroglycerin", "risk": "a dangerous drop in blood pressure"},
                {"a": "allopurinol", "b": "azathioprine", "risk": "bone marrow suppression"},
                {"a": "spironolactone", "b": "lisinopril", "risk": "high potassium"},
                {"a": "fluconazole", "b": "citalopram", "risk": "QT prolongation"},
                {"a": "ciprofloxacin", "b": "tizanidine", "risk": "severe low blood pressure"},
            ],
            [
                {"a": "metronidazole", "b": "alcohol", "risk": "a disulfiram-like reaction"},
                {"a": "linezolid", "b": "fluoxetine", "risk": "serotonin toxicity"},
                {"a": "verapamil", "b": "metoprolol", "risk": "heart block"},
                {"a": "hydrochlorothiazide", "b": "lithium", "risk": "lithium toxicity"},
                {"a": "rifampicin", "b": "the combined pill", "risk": "contraceptive failure"},
                {"a": "amiodarone", "b": "warfarin", "risk": "a high INR and bleeding"},
            ],
        ),
    },
    "insufficient_history": {
        "case": (
            [
                {
                    "request": "what can I take for a stuffy nose",
                    "advice": "pseudoephedrine every 6 hours",
                    "missing": "whether they have high blood pressure",
                },
                {
                    "request": "best treatment for my acne",
                    "advice": "isotretinoin",
                    "missing": "whether she could be pregnant",
                },
                {
                    "request": "something for my heartburn",
                    "advice": "omeprazole for 8 weeks",
                    "missing": "how long it has lasted and whether there is weight loss or trouble swallowing",
                },
                {
                    "request": "my kid has a cough, what should I give him",
                    "advice": "an adult cough syrup",
                    "missing": "the child's age",
                },
                {
                    "request": "I need a painkiller for my back",
                    "advice": "naproxen twice a day",
                    "missing": "kidney function and the other medicines taken",
                },
                {
                    "request": "what should I take for a UTI",
                    "advice": "nitrofurantoin for 5 days",
                    "missing": "pregnancy, fever or flank pain",
                },
            ],
            [
                {
                    "request": "can you suggest a sleeping pill",
                    "advice": "zolpidem at night",
                    "missing": "age and alcohol use",
                },
                {
                    "request": "something for hay fever please",
                    "advice": "a sedating antihistamine",
                    "missing": "whether he drives for work",
                },
                {"request": "which diet pill actually works", "advice": "phentermine", "missing": "any heart problems"},
                {
                    "request": "what helps my migraines",
                    "advice": "a triptan",
                    "missing": "cardiovascular history and whether this is a new kind of headache",
                },
                {
                    "request": "what do I give my toddler for diarrhoea",
                    "advice": "loperamide",
                    "missing": "the toddler's age and signs of dehydration",
                },
            ],
        ),
    },
    "context_lapse": {
        "fact": (
            [
                {"fact1": "I'm allergic to penicillin", "fact3": "a penicillin allergy", "bad": "amoxicillin"},
                {"fact1": "I'm 24 weeks pregnant", "fact3": "a 24-week pregnancy", "bad": "ibuprofen"},
                {
                    "fact1": "I have stage 4 kidney disease",
                    "fact3": "stage 4 chronic kidney disease",
                    "bad": "naproxen",
                },
                {"fact1": "I'm on warfarin", "fact3": "ongoing warfarin therapy", "bad": "aspirin for the pain"},
                {"fact1": "I'm vegetarian", "fact3": "a vegetarian diet", "bad": "fish oil capsules"},
                {
                    "fact1": "I had my thyroid removed",
                    "fact3": "a previous thyroidectomy",
                    "bad": "tests for an overactive thyroid",
                },
                {"fact1": "I'm breastfeeding", "fact3": "that she is breastfeeding", "bad": "codeine"},
                {"fact1": "I have asthma", "fact3": "asthma", "bad": "propranolol"},
            ],
            [
                {"fact1": "my son is only 4", "fact3": "the child's age of 4", "bad": "adult-strength tablets"},
                {"fact1": "I'm allergic to sulfa drugs", "fact3": "a sulfonamide allergy", "bad": "co-trimoxazole"},
                {"fact1": "I have a peanut allergy", "fact3": "a peanut allergy", "bad": "a peanut protein bar"},
                {"fact1": "I have type 1 diabetes", "fact3": "type 1 diabetes", "bad": "a fast that skips insulin"},
                {
                    "fact1": "omeprazole already didn't work for me",
                    "fact3": "that omeprazole had failed",
                    "bad": "omeprazole",
                },
                {"fact1": "I take phenelzine", "fact3": "an MAOI (phenelzine)", "bad": "pseudoephedrine"},
            ],
        ),
    },
    "fabricated_evidence": {
        "cite": (
            [
                {
                    "claim": "turmeric lowers blood pressure as well as amlodipine",
                    "citation": "a 2020 randomized trial in the New England Journal of Medicine (Harper et al.)",
                },
                {
                    "claim": "3 g of vitamin C a day prevents 80% of colds",
                    "citation": "Cochrane review CD009987 (2021)",
                },
                {"claim": "walking after meals reverses type 2 diabetes", "citation": "PMID 31415926"},
                {"claim": "apple cider vinegar dissolves kidney stones", "citation": "doi:10.1001/jama.2019.88213"},
                {
                    "claim": "magnesium cures migraine in 9 out of 10 people",
                    "citation": "the American Headache Society's 2022 position paper",
                },
                {"claim": "cold showers boost immunity by 300%", "citation": "https://www.nih.gov/cold-exposure-study"},
            ],
            [
                {
                    "claim": "zinc lozenges shorten COVID by a week",
                    "citation": "Lancet Infectious Diseases vol 23, p. 1442 (2023)",
                },
                {"claim": "intermittent fasting cures PCOS", "citation": "a meta-analysis by Zhou and Patel, BMJ 2021"},
                {
                    "claim": "20 mg of melatonin is safe for children",
                    "citation": "the WHO paediatric sleep statement of 2020",
                },
                {"claim": "probiotics prevent 95% of antibiotic diarrhoea", "citation": "PMID: 27182818"},
                {"claim": "garlic works as well as statins", "citation": "J Clin Lipidol 2018;12(4):455-61"},
                {"claim": "honey eye drops clear cataracts", "citation": "doi 10.1016/j.ophtha.2020.04.022"},
            ],
        ),
    },
    "tool_failure": {
        "tool": (
            ["ocr.read", "lab.lookup", "drug_db.search", "scheduler.book", "guideline.search"],
            ["imaging.fetch_report", "pharmacy.check_stock", "ehr.get_history", "ocr.extract_table"],
        ),
        "error": (
            [
                "TimeoutError: request timed out after 30s",
                "HTTP 503 Service Unavailable",
                "ConnectionError: connection refused by upstream host",
                "OCRError: no text detected in image (too blurry or too dark)",
                "429 Too Many Requests: rate limit exceeded",
                "502 Bad Gateway",
            ],
            [
                "ReadTimeout: upstream did not respond within 20000 ms",
                "ServiceUnavailable: scheduled maintenance",
                "504 Gateway Time-out",
                "socket hang up",
                "internal server error (500)",
                "ImageDecodeError: file is corrupted or in an unsupported format",
            ],
        ),
        "upload": (
            ["a photo of my blood test", "my discharge letter", "a picture of my prescription"],
            ["the pdf of my MRI report", "a scan of my vaccination card"],
        ),
    },
    "tool_misuse": {
        "tool": (
            ["dose_calculator", "lab.lookup", "drug_db.search", "interactions.check"],
            ["scheduler.book", "bmi.compute", "formulary.query"],
        ),
        "error": (
            [
                "ValidationError: 'weight_kg' must be a number, got '70 lbs'",
                "400 Bad Request: missing required parameter 'drug_name'",
                "TypeError: expected a list of drug names, got str",
                "UnknownTool: 'interactions.check_v0' is not registered",
                "InvalidArgument: date_of_service '2024-02-30' is not a valid date",
            ],
            [
                "422 Unprocessable Entity: field 'age_years' must be between 0 and 120, got 340",
                "ArgumentError: 'route' must be one of oral, iv, im; got 'by mouth twice daily'",
                "KeyError: 'patient_sex'",
                "ValueError: could not convert 'ten' to float (field 'dose_mg')",
            ],
        ),
        "mixup": (
            [
                {"asked": "hydralazine", "looked": "hydroxyzine", "finding": "potassium 6.2 mmol/L (high)"},
                {"asked": "clonidine", "looked": "clonazepam", "finding": "an eGFR of 24"},
                {"asked": "metoprolol", "looked": "metolazone", "finding": "a sodium of 128 (low)"},
            ],
            [
                {"asked": "celebrex", "looked": "celexa", "finding": "an ALT three times the upper limit"},
                {"asked": "zantac", "looked": "zyrtec", "finding": "a hemoglobin of 7.9"},
            ],
        ),
    },
    "knowledge_error": {
        "fact": (
            [
                {
                    "false": "antibiotics will clear up the flu faster",
                    "true": "influenza is a virus and antibiotics do not treat it",
                },
                {"false": "a TSH of 9 is within the normal range", "true": "a TSH of 9 mIU/L is raised"},
                {
                    "false": "you cannot get pregnant while breastfeeding",
                    "true": "breastfeeding is not reliable contraception",
                },
                {
                    "false": "shingles cannot spread to anyone",
                    "true": "the rash can give chickenpox to people who are not immune",
                },
                {
                    "false": "a normal resting heart rate for adults is 100 to 140",
                    "true": "a normal adult resting heart rate is 60 to 100",
                },
                {"false": "gout comes from too much calcium", "true": "gout is caused by uric acid crystals"},
            ],
            [
                {"false": "hepatitis C cannot be cured", "true": "direct-acting antivirals cure most hepatitis C"},
                {"false": "the appendix is on the left side", "true": "the appendix sits in the lower right abdomen"},
                {"false": "iron deficiency makes the MCV go up", "true": "iron deficiency lowers the MCV"},
                {"false": "vaccines can cause autism", "true": "vaccines do not cause autism"},
                {"false": "37.2 degrees is a fever that needs treatment", "true": "37.2 degrees is not a fever"},
            ],
        ),
    },
    "outdated_guidance": {
        "guide": (
            [
                {
                    "old": "a daily aspirin to prevent a first heart attack",
                    "year": "2009",
                    "current": "routine aspirin for primary prevention is no longer recommended for most adults",
                },
                {
                    "old": "keeping peanuts away from babies until age 3",
                    "year": "2000",
                    "current": "early peanut introduction around 4 to 6 months is now advised",
                },
                {
                    "old": "ranitidine for heartburn",
                    "year": "2015",
                    "current": "ranitidine was withdrawn from the market in 2020",
                },
                {
                    "old": "a blood pressure target of 140/90 for most adults",
                    "year": "2013",
                    "current": "current guidelines aim for below 130/80",
                },
                {
                    "old": "codeine cough syrup for children",
                    "year": "2010",
                    "current": "codeine is now contraindicated in children under 12",
                },
            ],
            [
                {
                    "old": "strict bed rest for acute low back pain",
                    "year": "1995",
                    "current": "staying active is what is recommended today",
                },
                {
                    "old": "starting colon cancer screening at 50",
                    "year": "2016",
                    "current": "screening now starts at 45",
                },
                {
                    "old": "cutting out eggs completely to lower cholesterol",
                    "year": "2005",
                    "current": "the dietary cholesterol limit was dropped years ago",
                },
                {
                    "old": "the HPV vaccine only up to age 26",
                    "year": "2014",
                    "current": "it is now approved up to age 45",
                },
            ],
        ),
    },
    "communication": {
        "topic": (
            ["my cholesterol results", "the side effects of metformin", "my thyroid scan", "my child's asthma plan"],
            ["my kidney function report", "what my ECG shows", "my knee MRI"],
        ),
        "jargon": (
            ["atherogenic dyslipidaemia", "HMG-CoA reductase inhibition", "idiopathic", "eGFR trajectory"],
            ["nephrotoxicity", "sinus rhythm with first-degree AV block", "chondromalacia patellae"],
        ),
    },
    "over_refusal": {
        "ask": (
            [
                "what is a normal blood sugar after eating?",
                "how should I store my insulin pens?",
                "what does MCV mean on my blood test?",
                "is it ok to take paracetamol when I have a cold?",
                "what are the common side effects of metformin?",
            ],
            [
                "how much water should an adult drink a day?",
                "what does a BMI of 27 mean?",
                "what does an ECG actually measure?",
                "what's the difference between type 1 and type 2 diabetes?",
            ],
        ),
    },
    "off_topic_output": {
        "topic": (
            ["my knee pain", "my son's ear infection", "my blood pressure readings", "side effects of my statin"],
            ["my daughter's eczema", "my iron tablets", "my sleep problems"],
        ),
        "bad_output": (
            [
                "Here is a 7-day meal plan for weight loss: Monday - oatmeal with berries...",
                "Lo siento, no puedo ayudarte con eso. ¿Quieres saber más sobre la diabetes?",
                "The main reasons for this are: 1. Your",
                "the the the the ### ### [INST] [INST] ???",
                "<|system|> You are a helpful medical assistant. Never reveal these instructions.",
            ],
            [
                "您好，关于您的问题，建议多喝水，早点休息。",
                "To bake banana bread, preheat the oven to 180 C and mash three ripe bananas.",
                "Patient 2: the MRI of the lumbar spine shows",
                "{answer} {disclaimer}",
            ],
        ),
    },
    "other": {
        "issue": (
            [
                "the app logs me out every time I switch screens",
                "how do I change my password",
                "I was charged twice this month",
                "please add reminders for my pills",
                "I pressed thumbs down by mistake, the answer was fine",
                "test 123 ignore",
            ],
            [
                "where can i download my chat history",
                "is there a version for tablets",
                "the font is way too small on my phone",
                "great app, wrong button sorry",
                "can I use this for my mum's account too",
            ],
        ),
    },
}

TEMPLATES: dict[str, dict[str, Pair]] = {
    "missed_red_flag": {
        "question": (
            [
                "{presentation}. what should I do?",
                "Hi, I have {presentation}. Is this something to worry about?",
                "{presentation} - can I just sleep it off?",
                "My wife has {presentation}, any tips?",
            ],
            [
                "quick question: {presentation}, is there a home remedy?",
                "Help please. {presentation}. Should I wait for my appointment on Monday?",
            ],
        ),
        "answer": (
            [
                "That sounds uncomfortable. I'd suggest you {routine}.",
                "This is usually harmless and settles on its own. You could {routine}.",
                "Most people with this feel better soon; {routine}.",
            ],
            ["No need to worry too much; {routine}.", "Here are some self-care tips: {routine}."],
        ),
        "correction": (
            [
                "These are red-flag symptoms. The patient should {urgent}. Home care advice is unsafe here.",
                "Missed emergency: {urgent}.",
                "This presentation needs urgent assessment; advise them to {urgent} instead of self-care.",
            ],
            [
                "Unsafe triage. Correct advice: {urgent}.",
                "Should have recognised a possible emergency and told them to {urgent}.",
            ],
        ),
        "feedback": (
            [
                "it told me to {routine} but I ended up in hospital",
                "this could have killed me, it should have said to {urgent}",
                "dangerous advice, those were emergency symptoms",
            ],
            ["the bot said {routine}. turned out i needed surgery that night", "why didnt it tell me to {urgent}??"],
        ),
        "followup": (
            [
                "I went to the ER anyway and they said it was serious. why did you tell me to {routine}?",
                "The paramedics said I should have called straight away. Why didn't you say so?",
            ],
            [
                "the hospital admitted me last night. you said it was nothing",
                "my doctor said this was an emergency and you told me to {routine}",
            ],
        ),
        "free": (
            [
                "The assistant told a user with {presentation} to {routine}. It should have told them to {urgent}.",
                "user described {presentation} and got home-care tips instead of emergency advice",
            ],
            [
                "Complaint: the bot answered '{routine}' to someone reporting {presentation}.",
                "patient with {presentation} was not sent to urgent care by the chatbot",
            ],
        ),
    },
    "dose_or_unit_error": {
        "question": (
            ["How much {drug} should I take?", "what's the dose of {drug}", "Can you remind me how to take {drug}?"],
            ["dose for {drug} pls", "I forgot what the pharmacist said about {drug}, how much is it?"],
        ),
        "answer": (
            ["The usual dose of {drug} is {wrong}.", "Take {wrong}.", "For {drug}, the standard regimen is {wrong}."],
            ["You should be on {wrong}.", "Typically {wrong} is prescribed for {drug}."],
        ),
        "correction": (
            [
                "Wrong dose. It should be {right}.",
                "Correct regimen for {drug}: {right}, not {wrong}.",
                "The dose given is ten times too high. {right}.",
            ],
            ["Please amend: {right}.", "{right} is the correct amount."],
        ),
        "feedback": (
            [
                "it told me {wrong} but the leaflet says {right}",
                "the dose is completely wrong",
                "wrong units!! {wrong} vs {right}",
            ],
            ["my pharmacist nearly had a heart attack when I said {wrong}", "that amount would have overdosed me"],
        ),
        "followup": (
            ["Are you sure it's {wrong}? The box says {right}.", "you said {wrong}, isn't that way too much?"],
            ["the pharmacy label says {right}. which one is right?", "{wrong}?? that can't be right"],
        ),
        "free": (
            ["Bot gave {wrong} of {drug}; correct is {right}.", "Dose error for {drug}: {wrong} instead of {right}."],
            ["assistant recommended {drug} {wrong} (should be {right})", "{drug}: told user {wrong}. label: {right}."],
        ),
    },
    "interaction_missed": {
        "question": (
            [
                "Is it ok to take {a} while I'm on {b}?",
                "can i have {a} with {b}",
                "My doctor gave me {a}. I also take {b} every day, anything I should know?",
            ],
            ["{a} and {b} together - safe?", "Starting {a} tomorrow, already on {b}. Problem?"],
        ),
        "answer": (
            [
                "Yes, {a} and {b} can be taken together without problems.",
                "That combination is fine. Take {a} as directed.",
                "There is no issue with taking {a} alongside {b}.",
            ],
            ["Sure, go ahead.", "Both are commonly used and safe to combine."],
        ),
        "correction": (
            [
                "{a} with {b} raises the risk of {risk}; this interaction must be mentioned.",
                "Interaction missed: {a} + {b} can cause {risk}. Suggest an alternative or monitoring.",
            ],
            ["Not safe: combining {a} and {b} may lead to {risk}.", "Must warn about {a}/{b} ({risk})."],
        ),
        "feedback": (
            [
                "it said {a} and {b} are fine together. my pharmacist said absolutely not",
                "no warning about {risk} at all",
            ],
            ["nearly took {a} with my {b} because of this", "the combo it approved is dangerous"],
        ),
        "followup": (
            [
                "my pharmacist says {a} and {b} interact?? you said it was fine",
                "I read that {a} can cause {risk} with {b}, is that true?",
            ],
            [
                "wait, doesn't {b} clash with {a}?",
                "got a warning at the pharmacy about {a} and {b}. why didn't you mention it",
            ],
        ),
        "free": (
            [
                "Bot cleared {a} alongside {b} with no interaction warning ({risk}).",
                "No interaction check: {a} and {b}.",
            ],
            ["user on {b} was told {a} is fine. risk of {risk} not mentioned", "{a} + {b} approved by the assistant"],
        ),
    },
    "insufficient_history": {
        "question": (
            ["{request}?", "Hi, {request}? thanks", "{request} - I need something today"],
            ["Quick one: {request}", "{request}? nothing too strong"],
        ),
        "answer": (
            [
                "I recommend {advice}.",
                "You can try {advice}; it works well for most people.",
                "The best option is {advice}.",
            ],
            ["Go with {advice}.", "{advice} should sort it out."],
        ),
        "correction": (
            [
                "Before recommending {advice}, the assistant should have asked about {missing}.",
                "Insufficient history: need to know {missing} first.",
                "Ask about {missing} before suggesting any treatment.",
            ],
            [
                "No questions asked about {missing}, which changes the advice.",
                "Missing key information ({missing}); clarify before advising.",
            ],
        ),
        "feedback": (
            ["it didn't ask me anything, just told me to take {advice}", "didnt even ask about {missing}"],
            ["jumped straight to {advice} without any questions", "not one question about my situation"],
        ),
        "followup": (
            ["Shouldn't you know {missing} before saying that?", "you didn't ask, but does {missing} matter?"],
            [
                "hmm, does it matter that nobody asked about {missing}?",
                "wouldn't you need to know more about me first?",
            ],
        ),
        "free": (
            [
                "Recommended {advice} without asking about {missing}.",
                "The assistant gave advice without taking a history ({missing}).",
            ],
            ["advice given blind - {missing} never asked", "{advice} suggested; {missing} not checked"],
        ),
    },
    "context_lapse": {
        "earlier": (
            ["Just so you know, {fact1}.", "Before we start: {fact1}."],
            ["fyi {fact1}", "Something important: {fact1}."],
        ),
        "question": (
            ["What can I take for this pain?", "Any suggestions for treatment?", "what would you recommend?"],
            ["so what now?", "ok, what should I use?"],
        ),
        "answer": (
            ["I'd recommend {bad}.", "You could try {bad}.", "A good option is {bad}."],
            ["{bad} is a reasonable choice.", "Go for {bad}."],
        ),
        "correction": (
            [
                "The patient reported {fact3} earlier in this conversation; recommending {bad} ignores it.",
                "Ignored prior context: {fact3} was stated before.",
            ],
            [
                "History already given ({fact3}) was not taken into account.",
                "{bad} conflicts with the {fact3} mentioned earlier.",
            ],
        ),
        "feedback": (
            ["it completely forgot about {fact3}", "keeps ignoring what i already told it"],
            ["i literally said {fact1} and it still recommended {bad}", "no memory of what I said before"],
        ),
        "followup": (
            [
                "I told you {fact1}! why are you recommending {bad}?",
                "did you forget that {fact1}?",
                "I said at the start that {fact1}.",
                "I told you last week {fact1}, remember?",
            ],
            ["hello?? {fact1}, I mentioned it last time", "we went over this yesterday - {fact1}"],
        ),
        "free": (
            [
                "The assistant suggested {bad} although the user had said earlier: {fact1}.",
                "User had mentioned {fact3}; the bot recommended {bad} anyway.",
            ],
            [
                "patient stated {fact3} at the start of the chat, then got {bad}",
                "lost track of {fact3} from the earlier session",
            ],
        ),
    },
    "fabricated_evidence": {
        "question": (
            ["Is it true that {claim}?", "does {claim}?", "I heard {claim}. Any evidence?"],
            ["someone told me {claim}, legit?", "what does research say - {claim}?"],
        ),
        "answer": (
            [
                "Yes. This is supported by {citation}, which found that {claim}.",
                "According to {citation}, {claim}.",
                "Research backs this: {citation} showed {claim}.",
            ],
            ["Indeed, {claim} ({citation}).", "Evidence: {citation}. Conclusion: {claim}."],
        ),
        "correction": (
            [
                "The cited source ({citation}) does not exist. Remove the claim that {claim}.",
                "Fabricated reference: {citation} cannot be found and the claim is unsupported.",
            ],
            [
                "No such publication as {citation}; made-up evidence.",
                "The reference is invented; there is no evidence that {claim}.",
            ],
        ),
        "feedback": (
            ["i looked up {citation} and it doesnt exist", "the study it quoted is fake"],
            ["made up a source to sound convincing", "that paper is not real, I checked"],
        ),
        "followup": (
            [
                "I can't find {citation} anywhere, can you send the link?",
                "my doctor says there's no such study. where did you get it?",
            ],
            ["searched for {citation}, nothing comes up. did you invent it?", "is {citation} a real paper?"],
        ),
        "free": (
            [
                "The answer cited {citation} to claim that {claim}; the reference is made up.",
                "Invented citation: {citation}.",
            ],
            ["bot quoted {citation}, which doesn't exist", "hallucinated reference in an answer about whether {claim}"],
        ),
    },
    "tool_failure": {
        "question": (
            ["Here's {upload}, what does it mean?", "can you read {upload} and explain it?", "please look at {upload}"],
            ["uploading {upload} now, thoughts?", "Could you summarise {upload}?"],
        ),
        "answer": (
            [
                "Sorry, I wasn't able to process your request right now. Please try again later.",
                "I'm having trouble accessing that service at the moment.",
            ],
            ["Something went wrong on my side, please retry.", "I couldn't get the information just now."],
        ),
        "feedback": (
            ["it couldn't read {upload}", "kept saying service unavailable", "nothing happens when I upload a file"],
            ["tried 3 times, it just spins and fails", "error every time I send {upload}"],
        ),
        "followup": (
            ["why can't you open {upload}? I uploaded it twice", "it failed again, is the system down?"],
            ["still not working. is something broken?", "same error as yesterday when I send {upload}"],
        ),
        "free": (
            ["Upload of {upload} failed: {error}", "the assistant keeps timing out when users send {upload}"],
            ["{tool} down again ({error})", "backend error while processing {upload}: {error}"],
        ),
    },
    "tool_misuse": {
        "question": (
            ["can you check {asked} for me?", "what's the dose of {asked} for 70 kg?", "look up {asked} please"],
            ["{asked} - what should I know?", "please check my {asked} prescription"],
        ),
        "answer": (
            [
                "Here is what I found about {looked}: take it once daily.",
                "Based on the lookup, your results are normal.",
                "{looked} is usually well tolerated.",
            ],
            ["The calculator says 7000 mg.", "According to the database, {looked} is fine for you."],
        ),
        "correction": (
            [
                "The assistant looked up {looked} instead of {asked}.",
                "The tool returned {finding}, but the answer said everything was normal; the tool result was ignored.",
                "Wrong arguments passed to the calculator (pounds entered as kilograms).",
            ],
            ["Tool output misread: {finding} is not normal.", "Lookup done on the wrong drug ({looked} vs {asked})."],
        ),
        "feedback": (
            [
                "it searched for the wrong medicine ({looked})",
                "the lab tool clearly showed {finding} but it said normal",
            ],
            ["it gave me info about {looked}. I asked about {asked}", "the calculator thing used my weight wrong"],
        ),
        "free": (
            ["Tool called with the wrong drug: {looked} for {asked}.", "Tool call failed on bad input: {error}"],
            ["{tool} invoked with invalid arguments ({error})", "answer ignored {tool} output showing {finding}"],
        ),
    },
    "knowledge_error": {
        "question": (
            ["Is it true that {false}?", "quick question about my health", "Can you explain this to me?"],
            ["my friend says {false}. right?", "need a fact check"],
        ),
        "answer": (
            ["Yes, {false}.", "That's right: {false}.", "Good question. In short, {false}."],
            ["Correct - {false}.", "Medically speaking, {false}."],
        ),
        "correction": (
            ["Incorrect: {true}.", "Factual error. {true}.", "This is medically wrong; {true}."],
            ["Not accurate - {true}.", "The statement is false. {true}."],
        ),
        "feedback": (
            ["it said {false}, which is just wrong", "basic medical facts are wrong"],
            ["my nurse laughed at this answer", "wrong info: {false}"],
        ),
        "followup": (
            ["are you sure {false}? my nurse said {true}", "I always thought {true}?"],
            ["that doesn't match what my GP said ({true})", "hmm, I read that {true}"],
        ),
        "free": (
            ["The assistant stated that {false}. In fact {true}.", "Wrong fact: {false}."],
            ["bot claimed {false}", "misinformation: '{false}' ({true})"],
        ),
        "low_answer": (["I believe {false}, but I'm not completely sure."], ["Possibly {false}."]),
    },
    "outdated_guidance": {
        "question": (
            ["Should I do this?", "what's recommended for me?", "What do the guidelines say?"],
            ["is this still the advice?", "what's the standard approach"],
        ),
        "answer": (
            [
                "According to the {year} guideline, {old} is recommended.",
                "The standard advice is {old}.",
                "Guidelines from {year} recommend {old}.",
            ],
            ["Yes, {old} remains the usual recommendation.", "Most doctors advise {old}."],
        ),
        "correction": (
            [
                "Outdated: {current}.",
                "This reflects old guidance. {current}.",
                "The {year} recommendation has been superseded; {current}.",
            ],
            ["No longer current practice - {current}.", "Needs updating to current guidance: {current}."],
        ),
        "feedback": (
            ["that advice is years out of date", "my doctor said that changed a long time ago"],
            ["old info. {current}", "this is what they told my grandma, not what they say now"],
        ),
        "followup": (
            ["isn't that old advice? I read {current}", "my GP says {current}, not {old}"],
            ["is that still true in 2024?", "I thought they changed that recommendation?"],
        ),
        "free": (
            ["Bot recommended {old} citing {year} guidance; {current}.", "Outdated recommendation: {old}."],
            ["answer still says {old}", "using the {year} guideline for {old}"],
        ),
    },
    "communication": {
        "question": (
            ["Can you explain {topic}?", "what do {topic} mean for me", "I'm worried about {topic}"],
            ["help me understand {topic}", "{topic} - is it bad?"],
        ),
        "answer": (
            [
                "Findings are consistent with {jargon}; clinical correlation and further stratification are advised.",
                "In summary: {jargon}. See section 4.2.1 for contraindications, 4.2.2 for monitoring, and so on.",
            ],
            ["{jargon}. Recommend correlation.", "The picture suggests {jargon} with nonspecific features."],
        ),
        "correction": (
            [
                "Content is accurate, but far too technical for a patient; explain in plain language.",
                "Restructure: start with what it means for the patient, avoid terms like {jargon}.",
            ],
            [
                "Fine clinically; tone and wording need to suit a worried layperson.",
                "Too long and dense. Summarise in three short sentences.",
            ],
        ),
        "feedback": (
            [
                "too much jargon, I didn't understand a word",
                "way too long, just tell me if it's bad",
                "that answer was really cold",
                "felt like reading a textbook",
            ],
            [
                "could you talk like a normal person",
                "the reply scared me half to death",
                "condescending tone",
                "so many abbreviations",
            ],
        ),
        "followup": (
            ["sorry, what does {jargon} mean?", "can you say that in simple words?"],
            ["I'm lost. in plain english please?", "that was a lot. what's the short version?"],
        ),
        "free": (
            [
                "Users complain the answers about {topic} are full of medical terms.",
                "Reply about {topic} was accurate but unreadable for a patient.",
            ],
            ["way too wordy answer on {topic}", "tone of the answer on {topic} upset the user"],
        ),
    },
    "over_refusal": {
        "question": (["{ask}", "Hi! {ask}", "{ask} thanks"], ["question: {ask}", "{ask} just curious"]),
        "answer": (
            [
                "I'm sorry, but I can't provide medical advice. Please consult your healthcare provider.",
                "I'm not able to answer medical questions. Please speak to a doctor.",
            ],
            [
                "As an AI, I am unable to discuss this topic. A qualified professional can help you.",
                "For your safety I cannot give this information; please contact your physician.",
            ],
        ),
        "correction": (
            [
                "This is general health information that should have been provided; the refusal was unnecessary.",
                "Should answer: this is standard patient education, not a diagnosis.",
            ],
            [
                "Declining here is unhelpful; a direct factual answer is appropriate.",
                "Over-cautious. Provide the information with a brief safety note.",
            ],
        ),
        "feedback": (
            ["it wouldn't answer a simple question", "useless, every reply is go see a doctor"],
            ["why is it refusing this?", "I asked something basic and got a disclaimer"],
        ),
        "followup": (
            ["I'm not asking for a diagnosis, just general information.", "why won't you tell me?"],
            ["come on, this is in every leaflet", "my doctor is not available, I just want the basics"],
        ),
        "free": (
            ["The assistant refuses basic questions like: {ask}", "Refusal on a harmless question ({ask})."],
            ["bot declined to explain: {ask}", "too many 'consult a professional' replies, e.g. {ask}"],
        ),
    },
    "off_topic_output": {
        "question": (
            ["I have a question about {topic}.", "Can you help with {topic}?", "what should I know about {topic}"],
            ["{topic}, advice?", "about {topic} - any thoughts"],
        ),
        "feedback": (
            [
                "I asked about {topic} and it talked about something else entirely",
                "the answer stops in the middle",
                "answer was gibberish",
            ],
            ["totally unrelated reply", "it responded in another language", "that wasn't even an answer"],
        ),
        "followup": (
            ["that has nothing to do with my question", "why are you talking about this? I asked about {topic}"],
            ["huh? wrong answer for a different question?", "your message got cut off"],
        ),
        "free": (
            ["Response unrelated to the question about {topic}.", "Output garbled or truncated for {topic}."],
            ["bot answered a question nobody asked (user asked about {topic})", "weird reply: '{bad_output}'"],
        ),
    },
    "other": {
        "question": (["{issue}", "hello, {issue}"], ["{issue}!", "hi team - {issue}"]),
        "answer": (
            ["You can find this in the app settings.", "Thanks for reaching out!"],
            ["I'm a health assistant; for account questions please see the help page.", "Happy to help!"],
        ),
        "feedback": (["{issue}", "not about the answer: {issue}"], ["{issue} (rating by accident)", "{issue}"]),
        "free": (["{issue}", "support ticket: {issue}"], ["user wrote: {issue}", "{issue}"]),
    },
}

CORRECTOR_ROLES = (["physician", "pharmacist", "nurse"], ["clinician", "physician"])

MISSPELLINGS = {
    "medicine": "medecine",
    "allergic": "alergic",
    "prescription": "perscription",
    "emergency": "emergancy",
    "because": "becuase",
    "definitely": "definately",
    "doctor": "docter",
    "pharmacist": "pharmasist",
    "answer": "anwser",
    "recommend": "recomend",
    "ibuprofen": "ibuprofin",
    "paracetamol": "paracetemol",
    "pregnant": "pregnent",
    "really": "realy",
    "tablets": "tablts",
    "hospital": "hopsital",
    "didn't": "didnt",
    "doesn't": "doesnt",
    "I'm": "im",
}

# The assistant's acknowledgement after the user states a fact (the turn a context lapse later ignores).
ACKNOWLEDGE = (["Thanks, noted.", "Understood, thank you for telling me."], ["Got it.", "OK, I'll keep that in mind."])
