print("tachikoma")
