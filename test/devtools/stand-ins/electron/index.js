throw new Error('electron is not installed for this project: only the @redux-devtools/cli server is used')
