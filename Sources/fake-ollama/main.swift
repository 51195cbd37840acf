print("fake-ollama")
