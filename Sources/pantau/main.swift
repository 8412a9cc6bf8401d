import PantauApp

await PantauMain.run()
