/// Whether two collections match one-to-one under an equivalence, in any order.
enum UnorderedMatching {
    /// `true` when every element of `first` pairs with a distinct equivalent element of `second`
    /// and the counts agree (a maximum bipartite matching, Kuhn's algorithm).
    static func matches<Element>(
        _ first: [Element], _ second: [Element], equivalent: (Element, Element) -> Bool
    ) -> Bool {
        guard first.count == second.count else { return false }
        let count = first.count
        var adjacency = [[Int]](repeating: [], count: count)
        for left in 0..<count {
            for right in 0..<count where equivalent(first[left], second[right]) {
                adjacency[left].append(right)
            }
            if adjacency[left].isEmpty { return false }
        }
        var owner = [Int?](repeating: nil, count: count)
        func augment(_ left: Int, _ visited: inout [Bool]) -> Bool {
            for right in adjacency[left] where !visited[right] {
                visited[right] = true
                if let current = owner[right] {
                    if augment(current, &visited) {
                        owner[right] = left
                        return true
                    }
                } else {
                    owner[right] = left
                    return true
                }
            }
            return false
        }
        for left in 0..<count {
            var visited = [Bool](repeating: false, count: count)
            if !augment(left, &visited) { return false }
        }
        return true
    }
}
