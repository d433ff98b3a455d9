throw new Error('sqlite3 is not installed for this project: the @redux-devtools/cli server runs without its report store')
