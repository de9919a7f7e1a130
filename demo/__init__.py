"""Demo data (`manage.py load_demo`) and synthetic load data (`manage.py generate_load_data`).

`items.csv` is the public service-guide index of 四川省广安市广安区 (511602) as published on the Sichuan
government-service portal, from the public repository v-luobo/zwfw (file bszl-data.js, Apache License 2.0),
flattened to the columns department, main_item, item_name, local_item_code, task_type.

Everything else (regions below the real names, credit codes, phone numbers, time limits, materials) is
generated from a fixed random seed: the same run always builds the same rows.
"""
