import ChildTutoring
import ElderMeals
import OutdoorStations
import PluginKit
import RiverPatrol

extension PluginRegistry {
    /// Every plugin this build ships. An org enables some of them; new orgs start with all.
    public static let bundled = PluginRegistry([
        ElderMealsPlugin(), ChildTutoringPlugin(), OutdoorStationsPlugin(), RiverPatrolPlugin(),
    ])
}
