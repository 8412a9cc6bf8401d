public enum PantauCommand { public static func main() async {} }
