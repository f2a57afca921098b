"""End-to-end: domain plugins per org unit against a real `tandem serve`. Two communities of one street import the
same needs; disabling elder meals in one removes its kinds from that community's forms and solves and refuses new
meal tasks there, while the other community keeps them; enabling it again brings them back. Also: plugin fields in
CSV, a plugin's validation naming the CSV column, and a plugin's rule in the solved schedule.
Prints `e2e-plugins: N passed, N failed`."""
import asyncio
import tempfile

from tandem_client import Checks, PushClient, Server, WEEK

check = Checks("e2e-plugins")

PEOPLE_CSV = """id,name,role,credentials,skills,languages,lat,lon,availability,max_hours_week
{u}-cook,王芳,volunteer,foodHygiene@2027-12-31,,zh,30.657,104.080,mon-sun 07:00-21:00,20
{u}-v1,张伟,volunteer,firstAid@2027-12-31;backgroundCheck@2027-12-31,swimming,zh,30.657,104.081,mon-sun 07:00-21:00,20
{u}-v2,刘洋,volunteer,backgroundCheck@2027-12-31,,zh,30.658,104.080,mon-sun 07:00-21:00,20
{u}-v3,陈静,volunteer,firstAid@2027-12-31,,zh,30.656,104.082,mon-sun 07:00-21:00,20
"""
TASKS_CSV = """id,kind,title,date,start,end,lat,lon,site,seats,priority,client,field.meal,field.canteenLat,field.canteenLon,field.children,field.station,field.section
{u}-meal,mealDelivery,送餐上门,2026-11-30,11:00,11:30,30.658,104.081,独居老人家,volunteer:1,7,{u}-elder,lunch,30.657,104.080,,,
{u}-cook,mealCooking,助餐·备餐,2026-11-30,09:00,10:30,30.657,104.080,长者食堂,volunteer:1,6,,,,,,,
{u}-class,tutoring,作业辅导,2026-12-01,16:30,18:00,30.657,104.080,儿童之家,volunteer:2,6,{u}-class,,,,8,,
{u}-station,stationShift,驿站值守,2026-12-02,09:00,13:00,30.657,104.080,暖心驿站,volunteer:1,5,,,,,,{u}-station,
"""
BAD_CSV = """id,kind,title,date,start,end,lat,lon,site,seats,priority,client,field.meal,field.canteenLat,field.canteenLon
late,mealDelivery,送餐上门,2026-11-30,15:00,15:30,30.658,104.081,独居老人家,volunteer:1,7,elder-x,lunch,30.657,104.080
odd,mealDelivery,送餐上门,2026-11-30,11:00,11:30,30.658,104.081,独居老人家,volunteer:1,7,elder-y,brunch,30.657,104.080
"""


async def solve(server, watcher, token, unit):
    status, job = server.http("POST", f"/api/orgs/{unit}/solves", {"week": WEEK, "seconds": 1}, token)
    finished = await watcher.wait_for(lambda m: m.get("event") == "solve.finished" and m["data"]["id"] == job["id"], 60)
    status, version = server.http("GET", f"/api/versions/{finished['data']['version']}", None, token)
    return version["schedule"]


def seats_of(schedule):
    return {a["task"] for a in schedule["assignments"]} | {u["task"] for u in schedule["unfilled"]}


async def scenario(binary):
    data = tempfile.mkdtemp(prefix="tandem-plugins-")
    server = Server(binary, data).start()
    watcher = None
    try:
        admin = server.login("admin", server.admin_password)
        for unit in [{"id": "wuhou", "name": "武侯区", "level": "district"},
                     {"id": "yulin", "name": "玉林街道", "level": "street", "parent": "wuhou"},
                     {"id": "east", "name": "玉林东路社区", "level": "community", "parent": "yulin"},
                     {"id": "west", "name": "玉林西路社区", "level": "community", "parent": "yulin"}]:
            server.http("POST", "/api/orgs", unit, admin)
        server.http("POST", "/api/users", {"username": "coord", "role": "coordinator", "orgUnit": "yulin",
                                           "password": "coordinator-pass"}, admin)
        server.http("POST", "/api/users", {"username": "east-sw", "role": "socialWorker", "orgUnit": "east",
                                           "password": "social-worker-pass"}, admin)
        coord = server.login("coord", "coordinator-pass")
        social = server.login("east-sw", "social-worker-pass")

        status, plugins = server.http("GET", "/api/plugins?org=east", None, coord)
        ids = sorted(p["id"] for p in plugins)
        check("every bundled plugin is on by default", status == 200
              and ids == ["childTutoring", "elderMeals", "outdoorStations", "riverPatrol"], plugins)
        meals = next(p for p in plugins if p["id"] == "elderMeals")
        delivery = next(k for k in meals["taskKinds"] if k["id"] == "mealDelivery")
        check("a plugin lists its kinds with their fields and words for the forms",
              {f["name"] for f in delivery["fields"]} >= {"meal", "canteenLat", "dietaryNote"}
              and delivery["label"]["zh"] == "送餐上门", delivery)
        check("a plugin lists its constraints with default weights",
              any(c["name"] == "deliveryRound" and c["level"] == "hard" for c in meals["constraints"]), meals["constraints"])

        for unit in ["east", "west"]:
            status, body = server.http("POST", f"/api/orgs/{unit}/people/import", PEOPLE_CSV.format(u=unit), coord, "text/csv")
            status, body = server.http("POST", f"/api/orgs/{unit}/tasks/import", TASKS_CSV.format(u=unit), coord, "text/csv")
            check(f"{unit}: plugin tasks with field.* columns import", status == 200 and body["imported"] == 4, body)
        status, body = server.http("POST", "/api/orgs/east/tasks/import", BAD_CSV, coord, "text/csv")
        errors = {(e["line"], e["field"]) for e in body.get("errors", [])}
        check("a plugin's validation names the line and the CSV column",
              status == 207 and (2, "start") in errors and (3, "field.meal") in errors, body)

        watcher = await PushClient(server, coord).connect()
        schedule = await solve(server, watcher, coord, "east")
        check("with every plugin on, the meal, class and station are solved", {"east-meal", "east-cook", "east-class", "east-station"}
              <= seats_of(schedule), seats_of(schedule))
        check("a plugin's rule applies: the cook holds a food-hygiene certificate",
              any(a["task"] == "east-cook" and a["person"] == "east-cook" for a in schedule["assignments"]), schedule["assignments"])
        check("the schedule's score has no hard violation", schedule["score"]["hard"] == 0, schedule["score"])

        status, body = server.http("PUT", "/api/orgs/east/plugins", {"enabled": ["childTutoring", "outdoorStations", "riverPatrol"]}, social)
        check("a social worker may not change the plugins (403)", status == 403, body)
        status, body = server.http("PUT", "/api/orgs/east/plugins", {"enabled": ["elderMeals", "wizardry"]}, coord)
        check("an unknown plugin is refused naming the field (400)", status == 400 and body["error"]["field"] == "enabled[1]", body)
        status, body = server.http("PUT", "/api/orgs/east/plugins", {"enabled": ["childTutoring", "outdoorStations", "riverPatrol"]}, coord)
        check("the coordinator disables elder meals for east", status == 200 and "elderMeals" not in body["enabled"]
              and body["setAt"] == "east", body)
        changed = await watcher.wait_for(lambda m: m.get("event") == "plugins.changed", 10)
        check("the change is pushed to coordinators", changed["data"]["org"] == "east", changed)

        status, plugins = server.http("GET", "/api/plugins?org=east", None, social)
        check("east's forms no longer offer meal kinds", "elderMeals" not in {p["id"] for p in plugins}, plugins)
        status, plugins = server.http("GET", "/api/plugins?org=west", None, coord)
        check("west still has elder meals", "elderMeals" in {p["id"] for p in plugins})
        schedule = await solve(server, watcher, coord, "east")
        check("east's solve leaves the meal kinds out and keeps the rest",
              not {"east-meal", "east-cook"} & seats_of(schedule) and {"east-class", "east-station"} <= seats_of(schedule), seats_of(schedule))
        status, body = server.http("POST", "/api/orgs/east/tasks/import", TASKS_CSV.format(u="east2"), coord, "text/csv")
        check("a new meal task for east is refused, naming the kind",
              status == 207 and any(e["field"] == "kind" and "elderMeals" in e["reason"] for e in body["errors"]), body)
        schedule = await solve(server, watcher, coord, "west")
        check("west's solve is untouched", {"west-meal", "west-cook"} <= seats_of(schedule), seats_of(schedule))

        status, body = server.http("PUT", "/api/orgs/east/plugins", {"enabled": None}, coord)
        check("east goes back to inheriting (every plugin)", status == 200 and "elderMeals" in body["enabled"] and body.get("setAt") is None, body)
        schedule = await solve(server, watcher, coord, "east")
        check("enabling it again restores the meal kinds in east's solve", {"east-meal", "east-cook"} <= seats_of(schedule), seats_of(schedule))

        status, body = server.http("PUT", "/api/orgs/yulin/plugins", {"enabled": ["riverPatrol"]}, coord)
        status, east = server.http("GET", "/api/orgs/east/plugins", None, coord)
        check("a street's choice is inherited by its communities", east["enabled"] == ["riverPatrol"] and east["setAt"] == "yulin", east)
    finally:
        if watcher:
            await watcher.close()
        server.kill()


if __name__ == "__main__":
    check.run(scenario)
