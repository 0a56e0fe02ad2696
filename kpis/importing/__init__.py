"""Reading workbooks into checked rows: the import contract and the committee appendix layout."""
