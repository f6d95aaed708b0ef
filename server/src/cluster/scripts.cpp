#include "cluster/scripts.hpp"

#include <string>

namespace parley::cluster::scripts {

namespace {

// docs/cluster.md "Keys": touch(m) gives every key of the meeting but :ended meeting_ttl to
// live again. Each script that changes a meeting calls it through publish(), once its writes
// are done; a process holding a room for the meeting calls it through `refresh`
// (node_options::meeting_refresh_every).
const std::string meeting_functions =
    "local meeting_ttl = " + std::to_string(meeting_ttl.count()) + R"lua(
local function touch(m)
  local k = 'parley:m:' .. m .. ':'
  for _, s in ipairs({'seq', 'o', 'p', 'l', 'lo', 'mod', 'co', 'ban'}) do
    redis.call('PEXPIRE', k .. s, meeting_ttl)
  end
end
-- A change of meeting m, once written: its keys live meeting_ttl again, and every process
-- hears `msg` on the meeting's channel.
local function publish(m, msg)
  touch(m)
  redis.call('PUBLISH', 'parley:ch:m:' .. m, msg)
end
)lua";

/// meeting_functions, then `body`.
std::string with_touch(std::string_view body) {
  return meeting_functions + std::string(body);
}

}  // namespace

const std::string join_src = with_touch(R"lua(
local m, sid, user = ARGV[1], ARGV[2], ARGV[6] or ''
local k = 'parley:m:' .. m .. ':'
local h = k .. 'p'
if redis.call('EXISTS', k .. 'ended') == 1 then return -3 end
if redis.call('HEXISTS', h, sid) == 1 then return -1 end
if user ~= '' then
  if redis.call('SISMEMBER', k .. 'ban', user) == 1 then return -5 end
  local host = redis.call('HGET', k .. 'mod', 'host')
  local moderator = user == host or redis.call('SISMEMBER', k .. 'co', user) == 1
  if not moderator and ARGV[7] ~= '1' then
    if redis.call('HGET', k .. 'mod', 'locked') == '1' then return -4 end
    if redis.call('HGET', k .. 'mod', 'lobby') == '1' then return -6 end
  end
end
if redis.call('HLEN', h) >= tonumber(ARGV[4]) then return -2 end
local seq = redis.call('INCR', k .. 'seq')
redis.call('ZADD', k .. 'o', seq, sid)
redis.call('HSET', h, sid, ARGV[3])
redis.call('SADD', 'parley:pm:' .. ARGV[5], m)
publish(m, '{"t":"join","seq":' .. seq .. ',"p":' .. ARGV[3] .. '}')
return seq
)lua");
const std::string_view join = join_src;

const std::string leave_src = with_touch(R"lua(
local m, sid = ARGV[1], ARGV[2]
local h = 'parley:m:' .. m .. ':p'
local e = redis.call('HGET', h, sid)
if not e then return 0 end
redis.call('HDEL', h, sid)
redis.call('ZREM', 'parley:m:' .. m .. ':o', sid)
local seq = redis.call('INCR', 'parley:m:' .. m .. ':seq')
publish(m, cjson.encode({t = 'leave', seq = seq, socketId = sid,
  userId = cjson.decode(e).userId, reason = ARGV[3]}))
return seq
)lua");
const std::string_view leave = leave_src;

const std::string update_src = with_touch(R"lua(
local m, sid = ARGV[1], ARGV[2]
local h = 'parley:m:' .. m .. ':p'
local e = redis.call('HGET', h, sid)
if not e then return 0 end
local p = cjson.decode(e)
for k, v in pairs(cjson.decode(ARGV[3])) do p[k] = v end
redis.call('HSET', h, sid, cjson.encode(p))
local seq = redis.call('INCR', 'parley:m:' .. m .. ':seq')
publish(m, '{"t":"update","seq":' .. seq .. ',"socketId":' ..
  cjson.encode(sid) .. ',"patch":' .. ARGV[3] .. ',"event":' .. cjson.encode(ARGV[4]) .. '}')
return seq
)lua");
const std::string_view update = update_src;

const std::string snapshot_src = with_touch(R"lua(
local m = ARGV[1]
local k = 'parley:m:' .. m .. ':'
if (ARGV[2] or '') ~= '' and redis.call('EXISTS', k .. 'mod') == 0 then
  local s = cjson.decode(ARGV[2])
  redis.call('DEL', k .. 'co', k .. 'ban')  -- the store's lists, not a union with leftovers
  redis.call('HSET', k .. 'mod', 'host', s.host, 'locked', s.locked and '1' or '0',
    'lobby', s.lobby and '1' or '0')
  for _, u in ipairs(s.cohosts) do redis.call('SADD', k .. 'co', u) end
  for _, u in ipairs(s.bans) do redis.call('SADD', k .. 'ban', u) end
end
touch(m)
local function list(key)
  local out = {}
  for _, v in ipairs(redis.call('SMEMBERS', key)) do table.insert(out, cjson.encode(v)) end
  return '[' .. table.concat(out, ',') .. ']'
end
local out = {tonumber(redis.call('GET', k .. 'seq') or '0')}
local mod = redis.call('HMGET', k .. 'mod', 'host', 'locked', 'lobby')
if mod[1] then
  table.insert(out, '{"host":' .. cjson.encode(mod[1]) .. ',"locked":' .. tostring(mod[2] == '1') ..
    ',"lobby":' .. tostring(mod[3] == '1') .. ',"cohosts":' .. list(k .. 'co') .. ',"bans":' ..
    list(k .. 'ban') .. '}')
else
  table.insert(out, '')
end
local waiting = {}
for _, sid in ipairs(redis.call('ZRANGE', k .. 'lo', 0, -1)) do
  local e = redis.call('HGET', k .. 'l', sid)
  if e then table.insert(waiting, e) end
end
table.insert(out, '[' .. table.concat(waiting, ',') .. ']')
for _, sid in ipairs(redis.call('ZRANGE', k .. 'o', 0, -1)) do
  local e = redis.call('HGET', k .. 'p', sid)
  if e then table.insert(out, e) end
end
return out
)lua");
const std::string_view snapshot = snapshot_src;

const std::string end_src = with_touch(R"lua(
local m = ARGV[1]
redis.call('SET', 'parley:m:' .. m .. ':ended', '1', 'EX', 86400)
local k = 'parley:m:' .. m .. ':'
redis.call('DEL', k .. 'p', k .. 'o', k .. 'l', k .. 'lo', k .. 'mod', k .. 'co', k .. 'ban')
publish(m, '{"t":"end"}')  -- :seq is all that is left to touch
return 1
)lua");
const std::string_view end = end_src;

const std::string_view reap = R"lua(
local out = {}
for _, pid in ipairs(redis.call('SMEMBERS', 'parley:procs')) do
  if redis.call('EXISTS', 'parley:alive:' .. pid) == 0 then
    for _, m in ipairs(redis.call('SMEMBERS', 'parley:pm:' .. pid)) do
      local h = 'parley:m:' .. m .. ':p'
      local gone = {}
      local entries = redis.call('HGETALL', h)
      for i = 1, #entries, 2 do
        local ok, e = pcall(cjson.decode, entries[i + 1])
        if not ok or type(e) ~= 'table' or e.proc == pid then
          local user = ok and type(e) == 'table' and e.userId or ''
          redis.call('HDEL', h, entries[i])
          redis.call('ZREM', 'parley:m:' .. m .. ':o', entries[i])
          local seq = redis.call('INCR', 'parley:m:' .. m .. ':seq')
          redis.call('PUBLISH', 'parley:ch:m:' .. m, cjson.encode({t = 'leave', seq = seq,
            socketId = entries[i], userId = user, reason = 'process_lost'}))
          gone[user] = true
        end
      end
      for _, v in ipairs(redis.call('HVALS', h)) do
        local ok, e = pcall(cjson.decode, v)
        if ok and type(e) == 'table' and e.userId then gone[e.userId] = nil end
      end
      -- Its joins held in the lobby leave it (docs/cluster.md "Moderation").
      local l, lo = 'parley:m:' .. m .. ':l', 'parley:m:' .. m .. ':lo'
      local held = redis.call('HGETALL', l)
      for i = 1, #held, 2 do
        local ok, e = pcall(cjson.decode, held[i + 1])
        if not ok or type(e) ~= 'table' or e.proc == pid then
          redis.call('HDEL', l, held[i])
          redis.call('ZREM', lo, held[i])
          if ok and type(e) == 'table' then
            local seq = redis.call('INCR', 'parley:m:' .. m .. ':seq')
            redis.call('PUBLISH', 'parley:ch:m:' .. m, '{"t":"resolve","seq":' .. seq ..
              ',"outcome":"left","waiting":[' .. held[i + 1] .. ']}')
          end
        end
      end
      for user, _ in pairs(gone) do
        table.insert(out, m)
        table.insert(out, user)
      end
    end
    redis.call('DEL', 'parley:pm:' .. pid)
    redis.call('SREM', 'parley:procs', pid)
  end
end
return out
)lua";

namespace {

// Shared by the scripts that let held joins go: take_lobby takes the lobby entries of `user`
// (every one when `user` is ''), oldest first, and publishes them as one resolve message with
// `outcome`; it answers that change's seq and the number taken ({0, 0} when nobody waited).
const std::string lobby_functions = R"lua(
local function take_lobby(m, user, outcome)
  local k = 'parley:m:' .. m .. ':'
  local taken = {}
  for _, sid in ipairs(redis.call('ZRANGE', k .. 'lo', 0, -1)) do
    local e = redis.call('HGET', k .. 'l', sid)
    local ok, d = pcall(cjson.decode, e or '')
    local entry = e and ok and type(d) == 'table'
    if not entry or user == '' or d.userId == user then
      redis.call('HDEL', k .. 'l', sid)
      redis.call('ZREM', k .. 'lo', sid)
      if entry then table.insert(taken, e) end
    end
  end
  if #taken == 0 then return {0, 0} end
  local seq = redis.call('INCR', k .. 'seq')
  publish(m, '{"t":"resolve","seq":' .. seq .. ',"outcome":"' ..
    outcome .. '","waiting":[' .. table.concat(taken, ',') .. ']}')
  return {seq, #taken}
end
local function is_moderator(k, user)
  return user == redis.call('HGET', k .. 'mod', 'host') or
    redis.call('SISMEMBER', k .. 'co', user) == 1
end
)lua";

/// meeting_functions, lobby_functions, then `body`.
std::string with_lobby(std::string_view body) {
  return meeting_functions + lobby_functions + std::string(body);
}

const std::string wait_src = with_lobby(R"lua(
local m, sid, user = ARGV[1], ARGV[2], ARGV[5]
local k = 'parley:m:' .. m .. ':'
if redis.call('EXISTS', k .. 'ended') == 1 then return -3 end
if redis.call('SISMEMBER', k .. 'ban', user) == 1 then return -5 end
local moderator = is_moderator(k, user)
if not moderator and redis.call('HGET', k .. 'mod', 'locked') == '1' then return -4 end
if moderator or redis.call('HGET', k .. 'mod', 'lobby') ~= '1' then return -7 end
if redis.call('HEXISTS', k .. 'l', sid) == 1 then return -1 end
local seq = redis.call('INCR', k .. 'seq')
redis.call('HSET', k .. 'l', sid, ARGV[3])
redis.call('ZADD', k .. 'lo', seq, sid)
redis.call('SADD', 'parley:pm:' .. ARGV[4], m)
publish(m, '{"t":"wait","seq":' .. seq .. ',"p":' .. ARGV[3] .. '}')
return seq
)lua");

const std::string resolve_src = with_lobby(R"lua(
return take_lobby(ARGV[1], ARGV[2], ARGV[3])
)lua");

const std::string ban_src = with_lobby(R"lua(
local m, user = ARGV[1], ARGV[2]
local k = 'parley:m:' .. m .. ':'
redis.call('SADD', k .. 'ban', user)
redis.call('SREM', k .. 'co', user)
local gone = {}
local entries = redis.call('HGETALL', k .. 'p')
for i = 1, #entries, 2 do
  local ok, e = pcall(cjson.decode, entries[i + 1])
  if ok and type(e) == 'table' and e.userId == user then
    redis.call('HDEL', k .. 'p', entries[i])
    redis.call('ZREM', k .. 'o', entries[i])
    table.insert(gone, cjson.encode(entries[i]))
  end
end
local seq = redis.call('INCR', k .. 'seq')
publish(m, '{"t":"ban","seq":' .. seq .. ',"userId":' ..
  cjson.encode(user) .. ',"by":' .. ARGV[3] .. ',"sockets":[' .. table.concat(gone, ',') .. ']}')
local held = take_lobby(m, user, 'denied')
if held[1] > 0 then seq = held[1] end
return {seq, #gone}
)lua");

const std::string flag_src = with_lobby(R"lua(
local m, field = ARGV[1], ARGV[2]
local k = 'parley:m:' .. m .. ':'
redis.call('HSET', k .. 'mod', field, ARGV[3])
local now = redis.call('HMGET', k .. 'mod', 'locked', 'lobby')
local seq = redis.call('INCR', k .. 'seq')
publish(m, '{"t":"settings","seq":' .. seq .. ',"locked":' ..
  tostring(now[1] == '1') .. ',"lobby":' .. tostring(now[2] == '1') .. '}')
local n = 0
if field == 'lobby' and ARGV[3] == '0' then
  local held = take_lobby(m, '', 'admitted')
  if held[1] > 0 then seq, n = held[1], held[2] end
end
return {seq, n}
)lua");

}  // namespace

const std::string_view wait = wait_src;
const std::string_view resolve = resolve_src;
const std::string_view ban = ban_src;
const std::string_view flag = flag_src;

const std::string unwait_src = with_touch(R"lua(
local m, sid = ARGV[1], ARGV[2]
local k = 'parley:m:' .. m .. ':'
local e = redis.call('HGET', k .. 'l', sid)
if not e then return 0 end
redis.call('HDEL', k .. 'l', sid)
redis.call('ZREM', k .. 'lo', sid)
local seq = redis.call('INCR', k .. 'seq')
publish(m, '{"t":"resolve","seq":' .. seq ..
  ',"outcome":"left","waiting":[' .. e .. ']}')
return seq
)lua");
const std::string_view unwait = unwait_src;

const std::string mute_src = with_touch(R"lua(
local m, kind = ARGV[1], ARGV[2]
local k = 'parley:m:' .. m .. ':'
local done = {}
for _, sid in ipairs(cjson.decode(ARGV[4])) do
  local e = redis.call('HGET', k .. 'p', sid)
  if e then
    local p = cjson.decode(e)
    p[kind] = false
    redis.call('HSET', k .. 'p', sid, cjson.encode(p))
    table.insert(done, cjson.encode(sid))
  end
end
if #done == 0 then return {0, 0} end
local seq = redis.call('INCR', k .. 'seq')
publish(m, '{"t":"mute","seq":' .. seq .. ',"kind":"' .. kind ..
  '","by":' .. ARGV[3] .. ',"sockets":[' .. table.concat(done, ',') .. ']}')
return {seq, #done}
)lua");
const std::string_view mute = mute_src;

const std::string role_src = with_touch(R"lua(
local m, user, role = ARGV[1], ARGV[2], ARGV[3]
local k = 'parley:m:' .. m .. ':'
if role == 'cohost' then
  redis.call('SADD', k .. 'co', user)
else
  redis.call('SREM', k .. 'co', user)
end
local n = 0
local entries = redis.call('HGETALL', k .. 'p')
for i = 1, #entries, 2 do
  local ok, e = pcall(cjson.decode, entries[i + 1])
  if ok and type(e) == 'table' and e.userId == user then
    e.role = role
    redis.call('HSET', k .. 'p', entries[i], cjson.encode(e))
    n = n + 1
  end
end
local seq = redis.call('INCR', k .. 'seq')
publish(m, '{"t":"role","seq":' .. seq .. ',"userId":' ..
  cjson.encode(user) .. ',"role":"' .. role .. '"}')
return {seq, n}
)lua");
const std::string_view role = role_src;

const std::string refresh_src = with_touch(R"lua(
for _, m in ipairs(ARGV) do touch(m) end
return #ARGV
)lua");
const std::string_view refresh = refresh_src;

// docs/cluster.md "Per-user limits": a token bucket in a hash {tokens, at}, refilled by Redis's
// own clock (every process shares it). It expires once it would be full again, which is what
// a missing one means, so an idle user's key costs nothing.
const std::string_view rate = R"lua(
local k = 'parley:rate:' .. ARGV[1] .. ':' .. ARGV[2]
local per_second, burst = tonumber(ARGV[3]), tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local b = redis.call('HMGET', k, 'tokens', 'at')
local tokens, at = tonumber(b[1]), tonumber(b[2])
if not tokens or not at then tokens, at = burst, now end
if now > at then
  tokens = math.min(burst, tokens + (now - at) * per_second / 1000000)
  at = now
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', k, 'tokens', string.format('%.6f', tokens), 'at', string.format('%.0f', at))
redis.call('PEXPIRE', k, math.ceil((burst - tokens) * 1000 / per_second) + 1)
return allowed
)lua";

}  // namespace parley::cluster::scripts
