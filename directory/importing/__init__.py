"""Reading people from the spreadsheets offices mail around: the app-agnostic half of every import.

The pipeline (DESIGN.md §3), one module a step:
- `reading.read_table` opens the file whatever its format (`filetypes` tells the format from the content
  and refuses bad files with a message: not a spreadsheet, encrypted, zip bomb, too large);
- `headers.detect_header` finds the header row and maps columns to fields (`vocabulary` holds the
  header spellings), and `headers.table_rows` tells where the table of people ends;
- `cleaning` repairs each cell, `lookups` resolves ethnic groups and provinces;
- `pipeline.parse_people` ties these together into rows with their repairs and problems (`issues`);
- `matching.match_people` finds who is already recorded, in batches.
Writing (people, enrolments, candidacies) is the calling app's business.
"""
