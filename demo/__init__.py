"""Demo data (`manage.py load_demo`) and synthetic load data (`manage.py generate_load_data`).

What the demo is made of lives in `data/`: YAML files (regions and accounts, departments, laws,
materials, bundles, halls, lists) and `items.csv`, the public service-guide index of 四川省广安市广安区
(511602) as published on the Sichuan government-service portal, from the public repository v-luobo/zwfw
(file bszl-data.js, Apache License 2.0), flattened to the columns department, main_item, item_name,
local_item_code, task_type. The Python modules read them and write through config_models' services.

Everything else (regions below the real names, credit codes, phone numbers, time limits, materials) is
generated from a fixed random seed: the same run always builds the same rows.
"""
