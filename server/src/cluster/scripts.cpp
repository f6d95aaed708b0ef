#include "cluster/scripts.hpp"

namespace parley::cluster::scripts {

const std::string_view join = R"lua(
local m, sid = ARGV[1], ARGV[2]
local h = 'parley:m:' .. m .. ':p'
if redis.call('EXISTS', 'parley:m:' .. m .. ':ended') == 1 then return -3 end
if redis.call('HEXISTS', h, sid) == 1 then return -1 end
if redis.call('HLEN', h) >= tonumber(ARGV[4]) then return -2 end
local seq = redis.call('INCR', 'parley:m:' .. m .. ':seq')
redis.call('ZADD', 'parley:m:' .. m .. ':o', seq, sid)
redis.call('HSET', h, sid, ARGV[3])
redis.call('SADD', 'parley:pm:' .. ARGV[5], m)
redis.call('PUBLISH', 'parley:ch:m:' .. m, '{"t":"join","seq":' .. seq .. ',"p":' .. ARGV[3] .. '}')
return seq
)lua";

const std::string_view leave = R"lua(
local m, sid = ARGV[1], ARGV[2]
local h = 'parley:m:' .. m .. ':p'
local e = redis.call('HGET', h, sid)
if not e then return 0 end
redis.call('HDEL', h, sid)
redis.call('ZREM', 'parley:m:' .. m .. ':o', sid)
local seq = redis.call('INCR', 'parley:m:' .. m .. ':seq')
redis.call('PUBLISH', 'parley:ch:m:' .. m, cjson.encode({t = 'leave', seq = seq, socketId = sid,
  userId = cjson.decode(e).userId, reason = ARGV[3]}))
return seq
)lua";

const std::string_view update = R"lua(
local m, sid = ARGV[1], ARGV[2]
local h = 'parley:m:' .. m .. ':p'
local e = redis.call('HGET', h, sid)
if not e then return 0 end
local p = cjson.decode(e)
for k, v in pairs(cjson.decode(ARGV[3])) do p[k] = v end
redis.call('HSET', h, sid, cjson.encode(p))
local seq = redis.call('INCR', 'parley:m:' .. m .. ':seq')
redis.call('PUBLISH', 'parley:ch:m:' .. m, '{"t":"update","seq":' .. seq .. ',"socketId":' ..
  cjson.encode(sid) .. ',"patch":' .. ARGV[3] .. ',"event":' .. cjson.encode(ARGV[4]) .. '}')
return seq
)lua";

const std::string_view snapshot = R"lua(
local m = ARGV[1]
local out = {tonumber(redis.call('GET', 'parley:m:' .. m .. ':seq') or '0')}
for _, sid in ipairs(redis.call('ZRANGE', 'parley:m:' .. m .. ':o', 0, -1)) do
  local e = redis.call('HGET', 'parley:m:' .. m .. ':p', sid)
  if e then table.insert(out, e) end
end
return out
)lua";

const std::string_view end = R"lua(
local m = ARGV[1]
redis.call('SET', 'parley:m:' .. m .. ':ended', '1', 'EX', 86400)
redis.call('DEL', 'parley:m:' .. m .. ':p', 'parley:m:' .. m .. ':o')
redis.call('PUBLISH', 'parley:ch:m:' .. m, '{"t":"end"}')
return 1
)lua";

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

}  // namespace parley::cluster::scripts
